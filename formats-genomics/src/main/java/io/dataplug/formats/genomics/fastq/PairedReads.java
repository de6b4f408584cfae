package io.dataplug.formats.genomics.fastq;

import static java.util.Objects.requireNonNull;

import io.dataplug.CloudObject;
import io.dataplug.index.Manifest;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.text.RecordIndexSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two mate files (R1 and R2) cut in lockstep: slice i of R1 and slice i of R2 hold the same read
 * pairs. Both indexes sample the same read ordinals ({@code sample_reads}), so equal cuts by read
 * count fall on the same pairs in both files whatever their byte layouts or compressions.
 *
 * <pre>{@code
 * PairedReads pairs = PairedReads.of(CloudObject.of("s3://b/s_R1.fastq.gz"), CloudObject.of("s3://b/s_R2.fastq.gz"));
 * pairs.preprocess();
 * List<ReadPairSlice> slices = pairs.partition(16);
 * }</pre>
 */
public final class PairedReads {
  private final CloudObject first;
  private final CloudObject second;

  private PairedReads(CloudObject first, CloudObject second) {
    this.first = first;
    this.second = second;
  }

  /** The mates R1 and R2 (their format must be fastq; options must agree). */
  public static PairedReads of(CloudObject r1, CloudObject r2) {
    requireNonNull(r1, "r1 is null");
    requireNonNull(r2, "r2 is null");
    String a = r1.options().getOrDefault("sample_reads", "");
    String b = r2.options().getOrDefault("sample_reads", "");
    if (!a.equals(b)) {
      throw new IllegalArgumentException(
          "Mate files must sample the same reads: sample_reads is '"
              + a
              + "' for "
              + r1.location()
              + " and '"
              + b
              + "' for "
              + r2.location());
    }
    return new PairedReads(r1, r2);
  }

  public CloudObject first() {
    return first;
  }

  public CloudObject second() {
    return second;
  }

  /** Preprocesses both files (each unless fresh) and checks they hold the same number of reads. */
  public void preprocess() throws IOException {
    Manifest m1 = first.preprocess();
    Manifest m2 = second.preprocess();
    for (Manifest m : List.of(m1, m2)) {
      if (!m.format().equals("fastq")) {
        throw new IllegalArgumentException(
            "Paired reads must be FASTQ, but " + m.source().location() + " is " + m.format());
      }
    }
    long r1 = first.indexSummary(RecordIndexSummary.class).records();
    long r2 = second.indexSummary(RecordIndexSummary.class).records();
    for (long r : new long[] {r1, r2}) {
      if (r < 0) {
        throw new IllegalStateException(
            "Paired reads need a read index, but "
                + (r1 < 0 ? first : second).location()
                + " was indexed by BGZF blocks only; preprocess it with the option bgzf=full");
      }
    }
    if (r1 != r2) {
      throw new IllegalStateException(
          "Mate files differ in read count: "
              + first.location()
              + " has "
              + r1
              + " reads, "
              + second.location()
              + " has "
              + r2);
    }
  }

  /** Cuts both files into {@code slices} slices of about equal read counts, in lockstep. */
  public List<ReadPairSlice> partition(long slices) throws IOException {
    if (slices < 1) {
      throw new IllegalArgumentException("number of slices must be at least 1: " + slices);
    }
    long reads = first.indexSummary(RecordIndexSummary.class).records();
    return partitionByReads(Math.max(1, (reads + slices - 1) / slices));
  }

  /** Cuts both files into slices of about {@code readsPerSlice} pairs, in lockstep. */
  public List<ReadPairSlice> partitionByReads(long readsPerSlice) throws IOException {
    PartitionRequest reads = new PartitionRequest.RecordsPerSlice(readsPerSlice);
    List<DataSlice> a = first.partition(reads);
    List<DataSlice> b = second.partition(reads);
    if (a.size() != b.size()) {
      throw new IllegalStateException(
          "Mate files were cut differently (" + a.size() + " vs " + b.size() + " slices)");
    }
    List<ReadPairSlice> pairs = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      var h1 = a.get(i).hint(io.dataplug.text.RecordSliceHint.class);
      var h2 = b.get(i).hint(io.dataplug.text.RecordSliceHint.class);
      if (h1.firstRecord() != h2.firstRecord() || h1.records() != h2.records()) {
        throw new IllegalStateException(
            "Mate files are not in lockstep at slice "
                + i
                + ": reads "
                + h1.firstRecord()
                + "+"
                + h1.records()
                + " vs "
                + h2.firstRecord()
                + "+"
                + h2.records()
                + " (were they indexed with the same sample_reads?)");
      }
      pairs.add(new ReadPairSlice(a.get(i), b.get(i)));
    }
    return pairs;
  }
}
