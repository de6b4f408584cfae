package io.dataplug.job;

import static java.util.Objects.requireNonNull;

/**
 * A named parameter a {@link SliceJob} declares; the command line offers it as {@code --name
 * LABEL}, and {@link SliceJob#configure} receives its value as text.
 *
 * @param name lowercase words joined by hyphens, e.g. {@code resolution} ({@code --resolution})
 * @param label what the value looks like in help texts, e.g. {@code R} or {@code min|mean}
 * @param description one line for help texts
 * @param defaultValue the value taken when none is given, as text (it may be a word the job
 *     resolves from the data, such as {@code auto})
 */
public record JobParameter(String name, String label, String description, String defaultValue) {
  public JobParameter {
    requireNonNull(name, "name is null");
    requireNonNull(label, "label is null");
    requireNonNull(description, "description is null");
    requireNonNull(defaultValue, "defaultValue is null");
    if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("not a parameter name: '" + name + "'");
    }
  }
}
