package io.dataplug.formats.geospatial.copc;

import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The index blob of a COPC object: every node of its hierarchy, in file order of their chunks, as
 * the 32-byte hierarchy entries they were read from ({@code i32 d, x, y, z; u64 offset; i32
 * byteSize; i32 pointCount}, little-endian). Nodes without points come first, with offset and size
 * 0.
 */
final class CopcNodeIndex {
  private CopcNodeIndex() {}

  /** File order: by chunk offset, then key. */
  static final Comparator<CopcNode> FILE_ORDER =
      Comparator.comparingLong(CopcNode::offset)
          .thenComparingInt(n -> n.key().depth())
          .thenComparingInt(n -> n.key().x())
          .thenComparingInt(n -> n.key().y())
          .thenComparingInt(n -> n.key().z());

  /** The blob of {@code nodes}, sorted into file order. */
  static byte[] toBytes(List<CopcNode> nodes) {
    List<CopcNode> sorted = new ArrayList<>(nodes.size());
    for (CopcNode n : nodes) {
      sorted.add(n.pointCount() == 0 ? new CopcNode(n.key(), 0, 0, 0) : n);
    }
    sorted.sort(FILE_ORDER);
    ByteBuffer out =
        ByteBuffer.allocate(sorted.size() * CopcHierarchy.ENTRY_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
    for (CopcNode n : sorted) {
      out.putInt(n.key().depth()).putInt(n.key().x()).putInt(n.key().y()).putInt(n.key().z());
      out.putLong(n.offset()).putInt(n.byteSize()).putInt(n.pointCount());
    }
    return out.array();
  }

  /**
   * The nodes of a blob, checked: whole entries, valid keys, chunks in file order inside {@code
   * [firstChunk, end)} without overlapping, and {@code points} points in all.
   *
   * @throws MalformedDataException naming the blob and the entry's offset in it
   */
  static List<CopcNode> parse(
      byte[] blob, ObjectLocation where, long firstChunk, long end, long points)
      throws MalformedDataException {
    if (blob.length % CopcHierarchy.ENTRY_SIZE != 0) {
      throw corrupted(where, blob.length, "not a whole number of 32-byte entries");
    }
    ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    List<CopcNode> nodes = new ArrayList<>(blob.length / CopcHierarchy.ENTRY_SIZE);
    long next = firstChunk;
    long sum = 0;
    for (int at = 0; at < blob.length; at += CopcHierarchy.ENTRY_SIZE) {
      int d = in.getInt(at);
      int x = in.getInt(at + 4);
      int y = in.getInt(at + 8);
      int z = in.getInt(at + 12);
      long offset = in.getLong(at + 16);
      int byteSize = in.getInt(at + 24);
      int count = in.getInt(at + 28);
      if (!CopcKey.isValid(d, x, y, z)) {
        throw corrupted(where, at, "invalid key " + d + "-" + x + "-" + y + "-" + z);
      }
      if (count < 0 || count == 0 && (byteSize != 0 || offset != 0)) {
        throw corrupted(where, at, count + " points in [" + offset + ", +" + byteSize + ")");
      }
      if (count > 0) {
        if (byteSize <= 0 || offset < next || offset > end - byteSize) {
          throw corrupted(
              where,
              at,
              "chunk [" + offset + ", +" + byteSize + ") is not in file order in the point data");
        }
        next = offset + byteSize;
        sum += count;
      }
      nodes.add(new CopcNode(new CopcKey(d, x, y, z), offset, byteSize, count));
    }
    if (sum != points) {
      throw corrupted(where, blob.length, "the nodes hold " + sum + " points, not " + points);
    }
    return nodes;
  }

  private static MalformedDataException corrupted(ObjectLocation where, long at, String problem) {
    return new MalformedDataException(
        "Corrupted index file: " + where + " (at byte " + at + ": " + problem + ")");
  }
}
