package io.dataplug.formats.genomics.fastq;

import htsjdk.samtools.fastq.FastqRecord;
import io.dataplug.format.PartitionStrategy;
import io.dataplug.text.DelimitedFormat;
import io.dataplug.text.RecordScanner;
import io.dataplug.text.RecordSliceHint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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

  /** Slices of about n reads. */
  public static final PartitionStrategy READS =
      PartitionStrategy.RECORDS.named("reads", "slices of about n reads each (exact to sample_reads)");

  @Override
  public String id() {
    return "fastq";
  }

  @Override
  public String description() {
    return "FASTQ reads, plain or gzip/BGZF, 4-line or wrapped; a record is a read";
  }

  @Override
  public int detect(String name, byte[] head) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".fastq", ".fq"}) {
      if (n.endsWith(ext) || n.endsWith(ext + ".gz") || n.endsWith(ext + ".bgz")) {
        return 2;
      }
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
  public List<PartitionStrategy> strategies() {
    return List.of(PartitionStrategy.SLICES, PartitionStrategy.BYTES, READS);
  }

  @Override
  protected List<String> formatOptions() {
    return List.of("sample_reads: reads between sampled read starts in the index (default " + DEFAULT_SAMPLE_READS
        + "); mates must use the same value");
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
