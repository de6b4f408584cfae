package io.dataplug.formats.genomics.fasta;

import io.dataplug.storage.MalformedDataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A samtools {@code .fai} index: per sequence its name, length in bases, offset of its first base
 * (64-bit), bases per line and bytes per line. Reads and writes the exact text samtools writes, and
 * does the arithmetic that maps a base to its byte.
 */
public final class FaiIndex {
  /**
   * One sequence.
   *
   * @param name the first word of the header line
   * @param length bases
   * @param offset byte offset of the first base
   * @param lineBases bases per full line
   * @param lineWidth bytes per full line, newline included
   */
  public record Entry(String name, long length, long offset, int lineBases, int lineWidth) {
    public Entry {
      if (length < 0
          || offset < 0
          || lineBases < 0
          || lineWidth < lineBases
          || (length > 0 && lineBases == 0)) {
        throw new IllegalArgumentException("invalid .fai entry for " + name);
      }
    }

    /** Byte offset of base {@code base} (0-based, less than the length). */
    public long byteOf(long base) {
      return offset + base / lineBases * lineWidth + base % lineBases;
    }

    /** Byte offset just past the sequence's last line and its newline. */
    public long end() {
      if (length == 0) {
        return offset;
      }
      long last = byteOf(length - 1) + 1;
      return last + (lineWidth - lineBases);
    }
  }

  private final List<Entry> entries;

  FaiIndex(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Total bases. */
  public long bases() {
    return entries.stream().mapToLong(Entry::length).sum();
  }

  /** Byte offset of the header line of sequence {@code i} (0 for the first). */
  public long headerOffset(int i) {
    return i == 0 ? 0 : entries.get(i - 1).end();
  }

  /** The index in samtools' text form. */
  public byte[] toText() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      sb.append(e.name())
          .append('\t')
          .append(e.length())
          .append('\t')
          .append(e.offset())
          .append('\t')
          .append(e.lineBases())
          .append('\t')
          .append(e.lineWidth())
          .append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses samtools' text form, checking each entry and that the sequences follow one another and
   * fit in {@code dataSize} bytes.
   */
  public static FaiIndex parse(byte[] text, Object source, long dataSize)
      throws MalformedDataException {
    List<Entry> entries = new ArrayList<>();
    String[] lines = new String(text, StandardCharsets.UTF_8).split("\n");
    long previousEnd = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] f = lines[i].split("\t");
      Entry e;
      try {
        if (f.length < 5) {
          throw new IllegalArgumentException("expected 5 tab-separated fields");
        }
        e =
            new Entry(
                f[0],
                Long.parseLong(f[1]),
                Long.parseLong(f[2]),
                Integer.parseInt(f[3]),
                Integer.parseInt(f[4]));
      } catch (IllegalArgumentException ex) {
        throw new MalformedDataException(
            "Corrupted index file: " + source + " (line " + (i + 1) + ": " + ex.getMessage() + ")");
      }
      if (e.offset() < previousEnd || e.end() > dataSize + (e.lineWidth() - e.lineBases())) {
        throw new MalformedDataException(
            "Corrupted index file: "
                + source
                + " (line "
                + (i + 1)
                + ": sequence "
                + e.name()
                + " does not fit the data)");
      }
      previousEnd = e.end();
      entries.add(e);
    }
    return new FaiIndex(entries);
  }
}
