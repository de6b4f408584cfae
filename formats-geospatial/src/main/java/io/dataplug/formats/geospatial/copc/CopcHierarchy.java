package io.dataplug.formats.geospatial.copc;

import static java.util.Objects.requireNonNull;

import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.LazChunks;
import io.dataplug.formats.geospatial.las.PointBatch;
import io.dataplug.formats.geospatial.las.PointColumn;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The octree hierarchy of a COPC file, loaded page by page on demand through one {@link
 * RangeReader} (which the caller keeps and closes).
 *
 * <p>Every entry is checked when its page loads: nodes and child pages must lie inside the object
 * (nodes inside the point data), keys must be valid, and a child page must not overlap a page
 * already visited (such as its parent): a malformed hierarchy fails with {@link
 * MalformedDataException} instead of looping. Pages are cached; a page is read at most once. Safe
 * for use by several threads (loading is synchronized).
 */
public final class CopcHierarchy {
  /** The size of one hierarchy entry. */
  public static final int ENTRY_SIZE = 32;

  private final RangeReader reader;
  private final LasHeader header;
  private final CopcInfo info;

  /** Loaded pages by offset. */
  private final TreeMap<Long, CopcPage> pages = new TreeMap<>();

  private CopcHierarchy(RangeReader reader, LasHeader header, CopcInfo info) {
    this.reader = reader;
    this.header = header;
    this.info = info;
  }

  /**
   * Reads the info VLR; no hierarchy page is read yet.
   *
   * @throws MalformedDataException if the file is not COPC
   * @throws IOException if reading fails
   */
  public static CopcHierarchy open(RangeReader reader, LasHeader header) throws IOException {
    requireNonNull(reader, "reader is null");
    requireNonNull(header, "header is null");
    return new CopcHierarchy(reader, header, CopcInfo.read(reader, header));
  }

  public CopcInfo info() {
    return info;
  }

  public LasHeader header() {
    return header;
  }

  /** The root page (read on first use). */
  public CopcPage rootPage() throws IOException {
    return page(info.rootPage());
  }

  /**
   * The page a reference names, read on first use (one range request) and cached.
   *
   * @throws MalformedDataException if the page lies outside the object, overlaps another page
   *     already visited, or holds a malformed entry
   * @throws IOException if reading fails
   */
  public synchronized CopcPage page(CopcPageRef ref) throws IOException {
    requireNonNull(ref, "ref is null");
    CopcPage cached = pages.get(ref.offset());
    if (cached != null && cached.ref().equals(ref)) {
      return cached;
    }
    checkPageRef(ref.key(), ref.offset(), ref.byteSize(), ref.referenceOffset(), null);
    byte[] bytes = reader.readFully(ref.range());
    CopcPage page = parsePage(ref, bytes);
    pages.put(ref.offset(), page);
    return page;
  }

  /** The number of pages loaded so far. */
  public synchronized int loadedPageCount() {
    return pages.size();
  }

  /**
   * Every node of the hierarchy (with and without points), loading every page: depth-first, in page
   * order. Also checks that the nodes hold the header's point count.
   *
   * @throws MalformedDataException if a page is malformed, a key appears twice, or the nodes do not
   *     hold the header's point count
   * @throws IOException if reading fails
   */
  public List<CopcNode> nodes() throws IOException {
    List<CopcNode> nodes = new ArrayList<>();
    Set<CopcKey> keys = new HashSet<>();
    Deque<CopcPageRef> todo = new ArrayDeque<>();
    todo.push(info.rootPage());
    long points = 0;
    while (!todo.isEmpty()) {
      CopcPageRef ref = todo.pop();
      CopcPage page = page(ref);
      for (int i = 0; i < page.nodes().size(); i++) {
        CopcNode node = page.nodes().get(i);
        if (!keys.add(node.key())) {
          throw fail(ref.offset(), "node " + node.key() + " appears twice in the hierarchy");
        }
        points += node.pointCount();
        nodes.add(node);
      }
      for (int i = page.children().size() - 1; i >= 0; i--) {
        todo.push(page.children().get(i));
      }
    }
    if (points != header.pointCount()) {
      throw fail(
          info.rootHierarchyOffset(),
          "the hierarchy's nodes hold "
              + points
              + " points, but the header says "
              + header.pointCount());
    }
    return nodes;
  }

  /**
   * Reads and decodes a node's chunk (one range request).
   *
   * @throws IllegalArgumentException if the node has no points
   * @throws MalformedDataException if the chunk does not decode into the node's point count
   * @throws IOException if reading fails
   */
  public PointBatch readNode(CopcNode node, Set<PointColumn> columns) throws IOException {
    requireNonNull(node, "node is null");
    return LazChunks.read(reader, header, node.range(), node.pointCount(), columns);
  }

  private CopcPage parsePage(CopcPageRef ref, byte[] bytes) throws MalformedDataException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<CopcNode> nodes = new ArrayList<>();
    List<CopcPageRef> children = new ArrayList<>();
    for (int p = 0; p < bytes.length; p += ENTRY_SIZE) {
      long at = ref.offset() + p;
      int d = b.getInt(p);
      int x = b.getInt(p + 4);
      int y = b.getInt(p + 8);
      int z = b.getInt(p + 12);
      long offset = b.getLong(p + 16);
      int byteSize = b.getInt(p + 24);
      int pointCount = b.getInt(p + 28);
      if (!CopcKey.isValid(d, x, y, z)) {
        throw fail(at, "hierarchy entry has an invalid key " + d + "-" + x + "-" + y + "-" + z);
      }
      CopcKey key = new CopcKey(d, x, y, z);
      if (pointCount == -1) {
        checkPageRef(key, offset, byteSize, at + 16, ref);
        children.add(new CopcPageRef(key, offset, byteSize, at + 16));
      } else if (pointCount == 0) {
        nodes.add(new CopcNode(key, Math.max(0, offset), Math.max(0, byteSize), 0));
      } else if (pointCount > 0) {
        long firstChunk = header.offsetToPointData() + 8;
        if (byteSize <= 0 || offset < firstChunk || offset > header.objectSize() - byteSize) {
          throw fail(
              at + 16,
              "node "
                  + key
                  + " has its chunk at ["
                  + Long.toUnsignedString(offset)
                  + ", +"
                  + byteSize
                  + "), outside the point data ["
                  + firstChunk
                  + ", "
                  + header.objectSize()
                  + ")");
        }
        nodes.add(new CopcNode(key, offset, byteSize, pointCount));
      } else {
        throw fail(at + 28, "node " + key + " has an invalid point count " + pointCount);
      }
    }
    return new CopcPage(ref, nodes, children);
  }

  /**
   * A page must be a positive multiple of 32 bytes inside the object and must not overlap a page
   * already visited, nor {@code parsing}, the page whose entry names it.
   */
  private void checkPageRef(
      CopcKey key, long offset, long byteSize, long referenceOffset, @Nullable CopcPageRef parsing)
      throws MalformedDataException {
    if (byteSize <= 0 || byteSize % ENTRY_SIZE != 0) {
      throw fail(
          referenceOffset,
          "hierarchy page of key "
              + key
              + " has size "
              + byteSize
              + ", not a positive multiple of 32");
    }
    if (offset < 0 || offset > header.objectSize() - byteSize) {
      throw fail(
          referenceOffset,
          "hierarchy page of key "
              + key
              + " at ["
              + Long.toUnsignedString(offset)
              + ", +"
              + byteSize
              + ") points outside the object ("
              + header.objectSize()
              + " bytes)");
    }
    long end = offset + byteSize;
    ByteRange visited = null;
    if (parsing != null && offset < parsing.range().end() && end > parsing.offset()) {
      visited = parsing.range();
    } else {
      Map.Entry<Long, CopcPage> before = pages.lowerEntry(end);
      if (before != null && before.getValue().ref().range().end() > offset) {
        visited = before.getValue().ref().range();
      }
    }
    if (visited != null) {
      throw fail(
          referenceOffset,
          "hierarchy page of key "
              + key
              + " at ["
              + offset
              + ", "
              + end
              + ") points back to the page at "
              + visited
              + ", already visited");
    }
  }

  private MalformedDataException fail(long offset, String problem) {
    return MalformedDataException.at("COPC", header.location(), offset, problem);
  }
}
