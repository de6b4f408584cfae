package io.dataplug.lithops.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * How remote backends ship functions, inputs and results that have no JSON form: Java
 * serialization, as Lithops pickles Python objects. Only for data between the driver and its own
 * workers (never for data from elsewhere).
 */
public final class JavaSerialization {
  private JavaSerialization() {}

  /** The serialized form of {@code value} (which may be null). */
  public static byte[] toBytes(Object value) throws IOException {
    if (value != null && !(value instanceof Serializable)) {
      throw new IOException("Not serializable: " + value.getClass().getName());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  /** The value {@link #toBytes} serialized. */
  public static Object fromBytes(byte[] data) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      return in.readObject();
    }
  }
}
