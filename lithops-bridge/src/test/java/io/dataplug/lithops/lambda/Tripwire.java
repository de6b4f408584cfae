package io.dataplug.lithops.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * A Java-serialized object that records being deserialized, to plant in a status object: a driver
 * that never Java-deserializes what it reads from storage never trips it.
 */
public final class Tripwire implements Serializable {
  private static final long serialVersionUID = 1L;
  private static volatile boolean tripped;

  private Tripwire() {}

  /** Whether any Tripwire was ever deserialized in this JVM. */
  public static boolean tripped() {
    return tripped;
  }

  /** A Java-serialized Tripwire, in base64. */
  public static String serializedBase64() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new Tripwire());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    tripped = true;
  }
}
