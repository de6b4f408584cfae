package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import com.github.mreutegg.laszip4j.laszip.ArithmeticDecoder;
import com.github.mreutegg.laszip4j.laszip.ByteStreamInArray;
import com.github.mreutegg.laszip4j.laszip.IntegerCompressor;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunk table of a chunked LAZ file: where each chunk starts, how long it is and how many
 * points it holds. The chunks tile the point data: the first starts 8 bytes after the offset to
 * point data (behind the chunk table's own offset), each next one where the previous ends, and the
 * last ends where the table starts.
 *
 * @param tableOffset where the chunk table starts
 * @param chunks the chunks in file order
 */
public record LazChunkTable(long tableOffset, List<LazChunk> chunks) {

  public LazChunkTable {
    chunks = List.copyOf(chunks);
    if (tableOffset < 0) {
      throw new IllegalArgumentException("tableOffset is negative: " + tableOffset);
    }
  }

  /** The number of points in all chunks. */
  public long pointCount() {
    long sum = 0;
    for (LazChunk c : chunks) {
      sum += c.pointCount();
    }
    return sum;
  }

  /**
   * Reads the chunk table: three small range requests (the table's offset, the table's header, its
   * entries), four when the offset is stored at the end of the object (a writer that could not seek
   * back writes −1 at the start of the point data and the offset in the last 8 bytes).
   *
   * @throws IllegalArgumentException if the header is not of a compressed file
   * @throws MalformedDataException if the table lies outside the object, cannot be decoded, or its
   *     chunks do not tile the point data or do not add up to the header's point count
   * @throws IOException if reading fails
   */
  public static LazChunkTable read(RangeReader reader, LasHeader header) throws IOException {
    requireNonNull(reader, "reader is null");
    requireNonNull(header, "header is null");
    LaszipVlr laszip =
        header
            .laszip()
            .orElseThrow(
                () -> new IllegalArgumentException("not a compressed file: " + header.location()));
    ObjectLocation location = header.location();
    long size = header.objectSize();
    long pointData = header.offsetToPointData();
    if (laszip.compressor() != LaszipVlr.POINTWISE_CHUNKED
        && laszip.compressor() != LaszipVlr.LAYERED_CHUNKED) {
      throw fail(
          location,
          header.vlr(LaszipVlr.USER_ID, LaszipVlr.RECORD_ID).orElseThrow().payloadOffset(),
          "LASzip compressor "
              + laszip.compressor()
              + " is not supported (only the chunked compressors 2 and 3)");
    }
    if (pointData + 8 > size) {
      throw fail(
          location,
          pointData,
          "the chunk table offset (8 bytes at the start of point data) runs past the end of the"
              + " object ("
              + size
              + " bytes)");
    }
    long tableOffset = Le.i64(reader.readFully(new ByteRange(pointData, 8)), 0);
    long pointerAt = pointData;
    long limit = size;
    if (tableOffset == -1) {
      // the writer could not seek back: the offset is in the last 8 bytes of the object
      if (size < pointData + 16) {
        throw fail(
            location,
            pointData,
            "chunk table offset -1 (stored at the end), but the object ends at byte " + size);
      }
      pointerAt = size - 8;
      tableOffset = Le.i64(reader.readFully(new ByteRange(pointerAt, 8)), 0);
      limit = size - 8;
    } else if (!header.evlrs().isEmpty() && header.evlrStart() > tableOffset) {
      limit = header.evlrStart();
    }
    long firstChunk = pointData + 8;
    if (tableOffset < firstChunk || tableOffset > size - 8) {
      throw fail(
          location,
          pointerAt,
          "chunk table offset "
              + tableOffset
              + (tableOffset < firstChunk
                  ? " points before the first chunk at byte " + firstChunk
                  : " points outside the object (" + size + " bytes)"));
    }
    if (tableOffset + 8 > limit) {
      throw fail(
          location,
          pointerAt,
          "chunk table offset "
              + tableOffset
              + " leaves no room for the table's 8-byte header before byte "
              + limit);
    }
    byte[] head = reader.readFully(new ByteRange(tableOffset, 8));
    long version = Le.u32(head, 0);
    long count = Le.u32(head, 4);
    if (version != 0) {
      throw fail(location, tableOffset, "unknown chunk table version " + version);
    }
    int rawPoint = laszip.pointSize();
    long maxChunks = (tableOffset - firstChunk) / rawPoint;
    if (count > maxChunks) {
      throw fail(
          location,
          tableOffset + 4,
          "the chunk table lists "
              + count
              + " chunks, but the "
              + (tableOffset - firstChunk)
              + " bytes of point data before it hold at most "
              + maxChunks
              + " chunks of at least one "
              + rawPoint
              + "-byte point");
    }
    int n = (int) count;
    long[] pointCounts = new long[n];
    long[] byteCounts = new long[n];
    long entriesAt = tableOffset + 8;
    if (n > 0) {
      // an entry is two arithmetic-coded 32-bit integers, well under 24 bytes
      long entriesLength = Math.min(limit - entriesAt, 24L * n + 32);
      if (entriesLength < 4) {
        throw fail(location, entriesAt, "the chunk table entries are truncated at byte " + limit);
      }
      byte[] entries = reader.readFully(new ByteRange(entriesAt, entriesLength));
      decodeEntries(
          entries, laszip.variableChunkSize(), pointCounts, byteCounts, location, entriesAt);
    }
    List<LazChunk> chunks = new ArrayList<>(n);
    long total = header.pointCount();
    long start = firstChunk;
    long first = 0;
    for (int i = 0; i < n; i++) {
      long points;
      if (laszip.variableChunkSize()) {
        points = pointCounts[i];
      } else if (laszip.chunkSize() == 0) {
        throw fail(location, entriesAt, "the laszip VLR has a chunk size of 0 points");
      } else {
        points = i < n - 1 ? laszip.chunkSize() : total - first;
        if (points <= 0 || points > laszip.chunkSize()) {
          throw fail(
              location,
              tableOffset + 4,
              n
                  + " chunks of "
                  + laszip.chunkSize()
                  + " points cannot hold the "
                  + total
                  + " points of the header");
        }
      }
      if (points == 0) {
        throw fail(location, entriesAt, "chunk " + i + " of " + n + " holds no points");
      }
      if (byteCounts[i] < rawPoint || byteCounts[i] > tableOffset - start) {
        throw fail(
            location,
            tableOffset,
            "chunk "
                + i
                + " of "
                + n
                + " at byte "
                + start
                + " has "
                + byteCounts[i]
                + " bytes, "
                + (byteCounts[i] < rawPoint
                    ? "less than one " + rawPoint + "-byte point"
                    : "running past the chunk table at byte " + tableOffset)
                + ": the chunks do not tile the point data ["
                + firstChunk
                + ", "
                + tableOffset
                + ")");
      }
      chunks.add(new LazChunk(i, start, byteCounts[i], points, first));
      start += byteCounts[i];
      first += points;
    }
    if (start != tableOffset) {
      throw fail(
          location,
          tableOffset,
          "the "
              + n
              + " chunks end at byte "
              + start
              + ", but the chunk table starts at byte "
              + tableOffset
              + ": the chunks do not tile the point data ["
              + firstChunk
              + ", "
              + tableOffset
              + ")");
    }
    if (first != total) {
      throw fail(
          location,
          tableOffset,
          "the " + n + " chunks hold " + first + " points, but the header says " + total);
    }
    return new LazChunkTable(tableOffset, chunks);
  }

  /**
   * The entries: per chunk, the point count (only with variable chunk sizes, context 0) and the
   * byte count (context 1), each predicted from the previous entry's value (LASzip's chunk table
   * coding).
   */
  private static void decodeEntries(
      byte[] entries,
      boolean variable,
      long[] pointCounts,
      long[] byteCounts,
      ObjectLocation location,
      long entriesAt)
      throws MalformedDataException {
    try {
      ArithmeticDecoder decoder = new ArithmeticDecoder();
      if (!decoder.init(new ByteStreamInArray(entries, entries.length))) {
        throw fail(location, entriesAt, "the chunk table entries cannot be decoded");
      }
      IntegerCompressor ic = new IntegerCompressor(decoder, 32, 2);
      ic.initDecompressor();
      int points = 0;
      int bytes = 0;
      for (int i = 0; i < byteCounts.length; i++) {
        if (variable) {
          points = ic.decompress(points, 0);
          pointCounts[i] = Integer.toUnsignedLong(points);
        }
        bytes = ic.decompress(bytes, 1);
        byteCounts[i] = Integer.toUnsignedLong(bytes);
      }
      decoder.done();
    } catch (RuntimeException e) {
      throw new MalformedDataException(
          "Malformed LAZ data in "
              + location
              + " at byte "
              + entriesAt
              + ": the chunk table entries are corrupt or truncated ("
              + e
              + ")",
          e);
    }
  }

  private static MalformedDataException fail(ObjectLocation location, long offset, String problem) {
    return MalformedDataException.at("LAZ", location, offset, problem);
  }
}
