package io.dataplug.formats.genomics.fastq;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import htsjdk.samtools.fastq.FastqRecord;
import io.dataplug.Slices;
import io.dataplug.format.RecordReader;
import io.dataplug.slice.DataSlice;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Read statistics of FASTQ slices, for a map (one {@link #of(DataSlice)} per slice) then reduce
 * ({@link #merge}) job: reads, bases, GC content, mean quality, the read-length histogram and the
 * mean quality at each position. Qualities are Phred+33. Immutable.
 */
public final class FastqStats implements Serializable {
  private static final long serialVersionUID = 1L;

  @JsonProperty("reads")
  private final long reads;

  @JsonProperty("bases")
  private final long bases;

  @JsonProperty("gc")
  private final long gc;

  @JsonProperty("quality_sum")
  private final long qualitySum;

  @JsonProperty("length_counts")
  private final long[] lengthCounts;

  @JsonProperty("position_quality_sum")
  private final long[] positionQualitySum;

  @JsonProperty("position_bases")
  private final long[] positionBases;

  /** Its JSON form is its fields (so results come back from aws_lambda as they were). */
  @JsonCreator
  private FastqStats(
      @JsonProperty("reads") long reads,
      @JsonProperty("bases") long bases,
      @JsonProperty("gc") long gc,
      @JsonProperty("quality_sum") long qualitySum,
      @JsonProperty("length_counts") long[] lengthCounts,
      @JsonProperty("position_quality_sum") long[] positionQualitySum,
      @JsonProperty("position_bases") long[] positionBases) {
    if (reads < 0
        || bases < 0
        || gc < 0
        || qualitySum < 0
        || positionQualitySum.length != positionBases.length) {
      throw new IllegalArgumentException("inconsistent FASTQ statistics");
    }
    this.reads = reads;
    this.bases = bases;
    this.gc = gc;
    this.qualitySum = qualitySum;
    this.lengthCounts = lengthCounts;
    this.positionQualitySum = positionQualitySum;
    this.positionBases = positionBases;
  }

  /** No reads. */
  public static FastqStats empty() {
    return new FastqStats(0, 0, 0, 0, new long[0], new long[0], new long[0]);
  }

  /** The map step: reads one slice (fetching only its bytes) and summarizes it. */
  public static FastqStats of(DataSlice slice) throws IOException {
    Accumulator acc = new Accumulator();
    try (RecordReader<FastqRecord> reader = Slices.newRecordReader(slice, FastqRecord.class)) {
      while (reader.advance()) {
        acc.add(reader.current());
      }
    }
    return acc.stats();
  }

  /** The reduce step: the statistics of both together. */
  public FastqStats merge(FastqStats o) {
    return new FastqStats(
        reads + o.reads,
        bases + o.bases,
        gc + o.gc,
        qualitySum + o.qualitySum,
        add(lengthCounts, o.lengthCounts),
        add(positionQualitySum, o.positionQualitySum),
        add(positionBases, o.positionBases));
  }

  private static long[] add(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, Math.max(a.length, b.length));
    for (int i = 0; i < b.length; i++) {
      out[i] += b[i];
    }
    return out;
  }

  public long reads() {
    return reads;
  }

  public long bases() {
    return bases;
  }

  /** G and C bases as a percentage of all bases. */
  public double gcPercent() {
    return bases == 0 ? 0 : 100.0 * gc / bases;
  }

  /** Mean Phred quality over all bases. */
  public double meanQuality() {
    return bases == 0 ? 0 : (double) qualitySum / bases;
  }

  /** How many reads have each length: index = length. */
  public long[] lengthHistogram() {
    return lengthCounts.clone();
  }

  /** Mean Phred quality at each read position (0-based); NaN where no read reaches. */
  public double[] meanQualityByPosition() {
    double[] out = new double[positionBases.length];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          positionBases[i] == 0 ? Double.NaN : (double) positionQualitySum[i] / positionBases[i];
    }
    return out;
  }

  /** Adds reads one at a time. */
  public static final class Accumulator {
    private long reads;
    private long bases;
    private long gc;
    private long qualitySum;
    private long[] lengthCounts = new long[512];
    private long[] positionQualitySum = new long[512];
    private long[] positionBases = new long[512];
    private int maxLength = -1;

    public void add(FastqRecord read) {
      String seq = read.getReadString();
      String qual = read.getBaseQualityString();
      int n = seq.length();
      if (n >= lengthCounts.length) {
        int size = Math.max(n + 1, lengthCounts.length * 2);
        lengthCounts = Arrays.copyOf(lengthCounts, size);
        positionQualitySum = Arrays.copyOf(positionQualitySum, size);
        positionBases = Arrays.copyOf(positionBases, size);
      }
      reads++;
      bases += n;
      lengthCounts[n]++;
      maxLength = Math.max(maxLength, n);
      for (int i = 0; i < n; i++) {
        char b = seq.charAt(i);
        if (b == 'G' || b == 'C' || b == 'g' || b == 'c') {
          gc++;
        }
        int q = qual.charAt(i) - 33;
        qualitySum += q;
        positionQualitySum[i] += q;
        positionBases[i]++;
      }
    }

    public FastqStats stats() {
      int len = maxLength + 1;
      return new FastqStats(
          reads,
          bases,
          gc,
          qualitySum,
          Arrays.copyOf(lengthCounts, len),
          Arrays.copyOf(positionQualitySum, len),
          Arrays.copyOf(positionBases, len));
    }
  }
}
