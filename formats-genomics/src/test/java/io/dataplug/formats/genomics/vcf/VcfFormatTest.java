package io.dataplug.formats.genomics.vcf;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.variant.variantcontext.VariantContext;
import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.format.RecordReader;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.ObjectPlace;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VCF on the real fixtures (three of which bcftools rejects): records are the data lines as GNU
 * grep finds them, counts from GROUND_TRUTH.md, decoded variants against bcftools query.
 */
class VcfFormatTest {
  @TempDir Path tmp;

  private ObjectPlace place() {
    return ObjectPlace.local(tmp.resolve("store"));
  }

  static List<String> dataLines(Path vcf) throws IOException {
    String cat = vcf.toString().endsWith("gz") ? "zcat " : "cat ";
    return List.of(sh(cat + q(vcf) + " | grep -v '^#' || true").split("\n"));
  }

  @Test
  void variantsDecodeLikeBcftools() throws IOException {
    ExternalTools.require("bcftools", "bcftools");
    Path file = SharedTestData.file("vcf/dataplug_sample.vcf");
    List<String> expected =
        List.of(sh("bcftools query -f '%CHROM:%POS\\n' " + q(file) + " 2>/dev/null").split("\n"));
    CloudObject co =
        place().object("sample.vcf", Files.readAllBytes(file)).option("spacing", "64").build();
    co.preprocess();
    List<String> got = new ArrayList<>();
    for (DataSlice slice : co.partition("slices", 3)) {
      assertThat(VcfFormat.readHeader(slice).getGenotypeSamples()).hasSize(3);
      try (RecordReader<VariantContext> variants = VcfFormat.variants(slice)) {
        while (variants.advance()) {
          got.add(variants.current().getContig() + ":" + variants.current().getStart());
        }
      }
    }
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void regionsFromTabixHoldEachRecordOnce() throws IOException {
    Path bgz = SharedTestData.file("vcf/HiSeq.10000.vcf.bgz");
    place()
        .stage("tbx/HiSeq.10000.vcf.bgz.tbi", SharedTestData.file("vcf/HiSeq.10000.vcf.bgz.tbi"));
    checkRegions(
        place().object("tbx/HiSeq.10000.vcf.bgz", Files.readAllBytes(bgz)).build(), bgz, ".tbi");
  }

  @Test
  void regionsFromCsiHoldEachRecordOnce() throws IOException {
    ExternalTools.require("tabix", "tabix");
    Path bgz = tmp.resolve("csi.vcf.gz");
    Files.copy(SharedTestData.file("vcf/HiSeq.10000.vcf.bgz"), bgz);
    sh("tabix -C -p vcf " + q(bgz)); // writes csi.vcf.gz.csi
    place().stage("csi/csi.vcf.gz.csi", tmp.resolve("csi.vcf.gz.csi"));
    checkRegions(place().object("csi/csi.vcf.gz", Files.readAllBytes(bgz)).build(), bgz, ".csi");
  }

  @Test
  void regionsCoverEveryChromosome() throws IOException {
    ExternalTools.require("tabix", "tabix");
    Path bgz = tmp.resolve("sample.vcf.gz");
    sh(
        "bgzip -c "
            + q(SharedTestData.file("vcf/dataplug_sample.vcf"))
            + " > "
            + q(bgz)
            + " && tabix -p vcf "
            + q(bgz));
    place().stage("multi/sample.vcf.gz.tbi", tmp.resolve("sample.vcf.gz.tbi"));
    checkRegions(
        place().object("multi/sample.vcf.gz", Files.readAllBytes(bgz)).build(), bgz, ".tbi");
  }

  private void checkRegions(CloudObject co, Path bgz, String indexSuffix) throws IOException {
    co.preprocess();
    assertThat(co.attributes().get("tabix")).startsWith("imported ").endsWith(indexSuffix);
    List<String> all = dataLines(bgz);
    byte[] content;
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(bgz))) {
      content = in.readAllBytes();
    }
    for (int n : List.of(1, 2, 5, 16)) {
      List<DataSlice> slices = co.partition("regions", n);
      long chromosomes = all.stream().map(l -> l.split("\t", 2)[0]).distinct().count();
      assertThat((long) slices.size()).isBetween(chromosomes, n + chromosomes);
      List<String> got = new ArrayList<>();
      java.io.ByteArrayOutputStream cat = new java.io.ByteArrayOutputStream();
      try (var header = Slices.openHeader(slices.get(0))) {
        header.transferTo(cat);
      }
      for (DataSlice s : slices) {
        VcfRegion region = s.hint(VcfSliceHint.class).region();
        List<String> mine = new ArrayList<>();
        try (RecordReader<String> r = Slices.newRecordReader(s, String.class)) {
          while (r.advance()) {
            String[] f = r.current().split("\t", 3);
            long pos = Long.parseLong(f[1]) - 1;
            assertThat(f[0]).isEqualTo(region.chrom());
            assertThat(pos).isBetween(region.start(), region.end() - 1);
            mine.add(r.current());
          }
        }
        // ground truth per region: GNU awk over the decompressed file, by POS
        String awk =
            sh("zcat "
                    + q(bgz)
                    + " | awk -F'\t' '!/^#/ && $1==\""
                    + region.chrom()
                    + "\" && $2-1>="
                    + region.start()
                    + " && $2-1<"
                    + region.end()
                    + "' | wc -l")
                .strip();
        assertThat((long) mine.size()).as("region %s", region).isEqualTo(Long.parseLong(awk));
        assertThat(Slices.summarize(s)).containsEntry("records", (long) mine.size());
        try (var in = Slices.openContent(s)) {
          in.transferTo(cat);
        }
        got.addAll(mine);
        assertThat(Slices.toJson(s).length()).isLessThan(1024);
      }
      assertThat(got).as("regions n=%d: every record once, in order", n).isEqualTo(all);
      assertThat(cat.toByteArray()).as("header + regions = the file").isEqualTo(content);
    }
    CloudObject plain =
        place()
            .object("plain.vcf", Files.readAllBytes(SharedTestData.file("vcf/HiSeq.10000.vcf")))
            .build();
    plain.preprocess();
    assertThatThrownBy(() -> plain.partition("regions", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Strategy 'regions' needs a tabix or CSI index");
  }

  @Test
  void vcfWithoutHeaderIsAClearError() throws IOException {
    CloudObject co =
        place()
            .object(
                "noheader.vcf",
                "20\t14370\trs6054257\tG\tA\t29\tPASS\t.\n".getBytes(StandardCharsets.US_ASCII))
            .build();
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed vcf data in "
                + co.location()
                + " at byte 0: a VCF must start with a '##fileformat=VCF' header line (it has no header)");
  }
}
