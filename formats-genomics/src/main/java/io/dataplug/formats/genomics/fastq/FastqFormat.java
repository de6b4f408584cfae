package io.dataplug.formats.genomics.fastq;

import htsjdk.samtools.fastq.FastqRecord;
import io.dataplug.format.Detection;
import io.dataplug.text.DelimitedFormat;
import io.dataplug.text.RecordScanner;
import io.dataplug.text.RecordSliceHint;
import io.dataplug.text.RecordStartFinder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * FASTQ reads, plain or gzip (one member, many, or BGZF), 4-line or wrapped. Records are htsjdk
 * {@link FastqRecord}s. The index samples the start of every {@code sample_reads}-th read, so two
 * mate files (R1, R2) get the same cut points and {@link PairedReads} slices them in lockstep.
 *
 * <p>Strategies: {@code slices} (n slices of about equal bytes), {@code bytes}, and {@code reads}
 * (reads per slice, exact to {@code sample_reads}).
 */
public final class FastqFormat extends DelimitedFormat {
  /** Default reads between sampled record starts. */
  public static final long DEFAULT_SAMPLE_READS = 4096;

  @Override
  public String id() {
    return "fastq";
  }

  @Override
  protected String description() {
    return "FASTQ reads, plain or gzip/BGZF, 4-line or wrapped; a record is a read";
  }

  @Override
  public int detect(String name, byte[] head) {
    if (Detection.hasExtension(name, ".fastq", ".fq")) {
      return 2;
    }
    return looksLikeFastq(head) ? 3 : 0;
  }

  /** An {@code @} line, a sequence line, then a {@code +} line. */
  static boolean looksLikeFastq(byte[] head) {
    if (head.length == 0 || head[0] != '@') {
      return false;
    }
    int lines = 0;
    for (int i = 0; i < head.length; i++) {
      if (head[i] == '\n') {
        lines++;
        if (lines == 2) {
          return i + 1 < head.length && head[i + 1] == '+';
        }
      }
    }
    return false;
  }

  @Override
  protected List<String> formatOptions() {
    return List.of(
        "sample_reads: reads between sampled read starts in the index (default "
            + DEFAULT_SAMPLE_READS
            + "); mates must use the same value");
  }

  @Override
  protected Map<String, String> formatOptionDefaults() {
    return Map.of("sample_reads", Long.toString(DEFAULT_SAMPLE_READS));
  }

  @Override
  protected long recordInterval(Map<String, String> options) {
    String s = options.get("sample_reads");
    if (s == null) {
      return DEFAULT_SAMPLE_READS;
    }
    try {
      long v = Long.parseLong(s);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("sample_reads must be a positive number of reads: " + s);
  }

  @Override
  protected RecordScanner newScanner(Map<String, String> options) {
    return new FastqScanner();
  }

  /**
   * Finds a read start mid-stream by the 4-line structure (BGZF fast path; wrapped FASTQ needs the
   * full index).
   */
  @Override
  protected RecordStartFinder startFinder(Map<String, String> options) {
    return FastqFormat::findRecordStart;
  }

  /**
   * The first line start (index 1 or later) where a whole 4-line record begins: an {@code @} line,
   * a sequence line, a {@code +} line, a quality line as long as the sequence, then another
   * {@code @} line or the end. A quality line starting with {@code @} fails the check, so it is not
   * taken for a header.
   */
  static int findRecordStart(byte[] buf, int to, boolean eof) {
    int i = 0;
    while (true) {
      int nl = indexOf(buf, i, to);
      if (nl < 0) {
        return eof ? to : -1;
      }
      int p = nl + 1;
      if (p >= to) {
        return eof ? to : -1;
      }
      if (buf[p] == '@') {
        int v = recordAt(buf, p, to, eof);
        if (v > 0) {
          return p;
        }
        if (v < 0) {
          return -1;
        }
      }
      i = p;
    }
  }

  /** 1 if a 4-line record starts at {@code p}, 0 if not, -1 if more bytes are needed to tell. */
  private static int recordAt(byte[] buf, int p, int to, boolean eof) {
    int[] starts = new int[5];
    int[] lengths = new int[4];
    int at = p;
    for (int line = 0; line < 4; line++) {
      int nl = indexOf(buf, at, to);
      if (nl < 0) {
        if (!eof || line < 3) {
          return eof ? 0 : -1;
        }
        nl = to; // the last line of the data may lack its newline
      }
      starts[line] = at;
      lengths[line] = nl - at - (nl > at && buf[nl - 1] == '\r' ? 1 : 0);
      at = nl + 1;
    }
    boolean seqOk = lengths[1] == 0 || (buf[starts[1]] != '@' && buf[starts[1]] != '+');
    boolean plusOk = lengths[2] > 0 && buf[starts[2]] == '+';
    if (!seqOk || !plusOk || lengths[3] != lengths[1]) {
      return 0;
    }
    if (at >= to) {
      return eof ? 1 : -1;
    }
    return buf[at] == '@' ? 1 : 0;
  }

  private static int indexOf(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  protected RecordDecoder<FastqRecord> decoder(RecordSliceHint hint) {
    return FastqFormat::decode;
  }

  /** Decodes one record's bytes (as the scanner delimited them) into an htsjdk record. */
  static FastqRecord decode(byte[] buf, int off, int len) {
    int end = off + len;
    int i = off;
    String header = null;
    String plus = null;
    StringBuilder sequence = new StringBuilder();
    StringBuilder quality = new StringBuilder();
    int state = 0;
    while (i <= end) {
      int nl = i;
      while (nl < end && buf[nl] != '\n') {
        nl++;
      }
      int lineEnd = nl > i && buf[nl - 1] == '\r' ? nl - 1 : nl;
      String line = new String(buf, i, lineEnd - i, StandardCharsets.ISO_8859_1);
      if (state == 0) {
        if (!line.isEmpty()) {
          header = line.substring(1);
          state = 1;
        }
      } else if (state == 1) {
        if (line.startsWith("+")) {
          plus = line.substring(1);
          state = 2;
        } else {
          sequence.append(line);
        }
      } else {
        quality.append(line);
      }
      i = nl + 1;
    }
    return new FastqRecord(header, sequence.toString(), plus, quality.toString());
  }
}
