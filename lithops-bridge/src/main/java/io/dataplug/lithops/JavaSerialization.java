package io.dataplug.lithops;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * How the process backend ships functions, inputs and results to and from its own worker JVMs (over
 * their pipes): Java serialization, as Lithops pickles Python objects. Only for data between the
 * driver and the workers it started, never for anything read from storage or the network, which is
 * why it is not part of the backend SPI.
 */
final class JavaSerialization {
  private JavaSerialization() {}

  /** The serialized form of {@code value} (which may be null). */
  static byte[] toBytes(Object value) throws IOException {
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
  static Object fromBytes(byte[] data) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      return in.readObject();
    }
  }
}
