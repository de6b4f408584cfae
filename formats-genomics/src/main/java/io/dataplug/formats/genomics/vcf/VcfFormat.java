package io.dataplug.formats.genomics.vcf;

import htsjdk.tribble.readers.LineIteratorImpl;
import htsjdk.tribble.readers.SynchronousLineReader;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFCodec;
import htsjdk.variant.vcf.VCFHeader;
import io.dataplug.Slices;
import io.dataplug.format.Detection;
import io.dataplug.format.IndexView;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.SliceHint;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.text.DelimitedFormat;
import io.dataplug.text.RecordIndexSummary;
import io.dataplug.text.RecordScanner;
import io.dataplug.text.RecordSliceHint;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * VCF, plain or gzip/BGZF: the header (the leading {@code #} lines) is found once at preprocessing
 * and any slice can yield it; records are the data lines, kept as text so real-world files that are
 * not strictly valid (trailing tabs, odd FORMAT values) still partition. {@link #variants} decodes
 * a slice with htsjdk's {@link VCFCodec} when the caller wants {@link VariantContext}s. With a
 * {@code .tbi} next to a BGZF file, the {@code regions} strategy cuts by genomic region.
 */
public final class VcfFormat extends DelimitedFormat {
  @Override
  public String id() {
    return "vcf";
  }

  @Override
  public String description() {
    return "VCF variants, plain or gzip/BGZF; the header is parsed once, a record is a data line";
  }

  @Override
  public int detect(String name, byte[] head) {
    if (Detection.hasExtension(name, ".vcf")) {
      return 2;
    }
    return new String(head, 0, Math.min(head.length, 16), StandardCharsets.US_ASCII)
            .startsWith("##fileformat=VCF")
        ? 3
        : 0;
  }

  @Override
  protected List<PartitionRequest.Kind> requests() {
    return List.of(
        PartitionRequest.Kind.SLICES,
        PartitionRequest.Kind.BYTES,
        PartitionRequest.Kind.RECORDS,
        PartitionRequest.Kind.REGIONS);
  }

  @Override
  protected Class<? extends SliceHint> hintType() {
    return VcfSliceHint.class;
  }

  @Override
  protected RecordSliceHint recordHint(DataSlice slice) {
    return slice.hint(VcfSliceHint.class).records();
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionRequest request) throws IOException {
    if (request instanceof PartitionRequest.Regions regions) {
      return VcfRegions.partition(index, regions.count());
    }
    return super.partition(index, request).stream()
        .map(
            s ->
                new SliceSpec(
                    s.companions(), s.ranges(), new VcfSliceHint((RecordSliceHint) s.hint(), null)))
        .toList();
  }

  @Override
  public RecordReader<?> newRecordReader(SliceContext slice) throws IOException {
    VcfSliceHint hint = slice.hint(VcfSliceHint.class);
    return hint.region() == null ? super.newRecordReader(slice) : VcfRegions.reader(slice);
  }

  @Override
  public InputStream newContentStream(SliceContext slice) throws IOException {
    VcfSliceHint hint = slice.hint(VcfSliceHint.class);
    return hint.region() == null ? super.newContentStream(slice) : VcfRegions.content(slice);
  }

  @Override
  public Map<String, Long> summarize(SliceContext slice) throws IOException {
    VcfSliceHint hint = slice.hint(VcfSliceHint.class);
    if (hint.region() == null) {
      return super.summarize(slice);
    }
    try (RecordReader<?> reader = VcfRegions.reader(slice)) {
      return Map.of("records", reader.count());
    }
  }

  @Override
  protected RecordScanner newScanner(Map<String, String> options) {
    return RecordScanner.lines();
  }

  @Override
  protected HeaderRule headerRule(Map<String, String> options) {
    return HeaderRule.HASH_LINES;
  }

  @Override
  protected RecordDecoder<String> decoder(RecordSliceHint hint) {
    return (buf, off, len) -> new String(buf, off, len, StandardCharsets.UTF_8);
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    super.preprocess(job);
    RecordIndexSummary summary =
        job.summaryIfSet(RecordIndexSummary.class)
            .orElseThrow(() -> new IllegalStateException("no record index summary"));
    String header = summary.header();
    if (!header.startsWith("##fileformat=VCF")) {
      throw MalformedDataException.at(
          id(),
          job.location(),
          0,
          "a VCF must start with a '##fileformat=VCF' header line"
              + (header.isEmpty() ? " (it has no header)" : ""));
    }
    int chrom = header.lastIndexOf("\n#CHROM");
    if (chrom < 0 && header.length() < (64 << 10) - 1) {
      throw MalformedDataException.at(
          id(), job.location(), summary.headerLength(), "the VCF header has no '#CHROM' line");
    }
    if (!job.attributes().getOrDefault("compression", "none").equals("none")) {
      Optional<byte[]> tbi = job.readSibling(".tbi", 256L << 20);
      Optional<byte[]> csi =
          tbi.isPresent() ? Optional.empty() : job.readSibling(".csi", 256L << 20);
      if (tbi.isPresent()) {
        ObjectLocation tbiLocation = job.location().sibling(job.location().fileName() + ".tbi");
        VcfRegions.tabix(tbi.get(), tbiLocation);
        job.putBlob(VcfRegions.TABIX_BLOB, tbi.get());
        job.attribute("tabix", "imported " + tbiLocation);
      } else if (csi.isPresent()) {
        ObjectLocation csiLocation = job.location().sibling(job.location().fileName() + ".csi");
        VcfRegions.csi(csi.get(), csiLocation);
        job.putBlob(VcfRegions.CSI_BLOB, csi.get());
        job.attribute("tabix", "imported " + csiLocation);
      }
    }
  }

  /**
   * The VCF header of the slice's object, parsed by htsjdk (one small read of the header bytes).
   */
  public static VCFHeader readHeader(DataSlice slice) throws IOException {
    VCFCodec codec = new VCFCodec();
    try (InputStream in = Slices.openHeader(slice)) {
      return (VCFHeader)
          codec.readActualHeader(
              new LineIteratorImpl(
                  new SynchronousLineReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
    }
  }

  /** The slice's records decoded into htsjdk {@link VariantContext}s. */
  public static RecordReader<VariantContext> variants(DataSlice slice) throws IOException {
    VCFCodec codec = new VCFCodec();
    try (InputStream in = Slices.openHeader(slice)) {
      codec.readActualHeader(
          new LineIteratorImpl(
              new SynchronousLineReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
    }
    RecordReader<String> lines = Slices.newRecordReader(slice, String.class);
    return new RecordReader<>() {
      private @Nullable VariantContext current;

      @Override
      public boolean advance() throws IOException {
        if (!lines.advance()) {
          return false;
        }
        try {
          current = codec.decode(lines.current());
        } catch (RuntimeException e) {
          throw new MalformedDataException(
              "Cannot decode a VCF record of slice "
                  + slice.index()
                  + " of "
                  + slice.location()
                  + ": "
                  + e.getMessage(),
              e);
        }
        return true;
      }

      @Override
      public VariantContext current() {
        return RecordReader.requireCurrent(current);
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }
}
