package io.dataplug.format;

/**
 * A format option was given that the format does not have (a typo, or an option of another format).
 * Raised before anything is read or stored; the message lists the options it has.
 */
public final class UnknownOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownOptionException(String message) {
    super(message);
  }
}
