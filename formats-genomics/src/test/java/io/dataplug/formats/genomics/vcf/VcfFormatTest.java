package io.dataplug.formats.genomics.vcf;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.variant.variantcontext.VariantContext;
import io.dataplug.CloudObject;
import io.dataplug.DataSlice;
import io.dataplug.format.MalformedDataException;
import io.dataplug.format.RecordReader;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.ObjectPlace;
import io.dataplug.testing.PartitionContract;
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
  void fixturesPartitionWithTheirHeaderOnce() throws IOException {
    // GROUND_TRUTH.md: records and ## meta lines (plus one #CHROM line each)
    Object[][] cases = {{"vcf/HiSeq.10000.vcf", 9965, 35}, {"vcf/HiSeq.10000.vcf.bgz", 9965, 36},
        {"vcf/dbsnp_135.b37.1000.vcf", 99, 149}, {"vcf/dataplug_sample.vcf", 9, 21}};
    for (Object[] c : cases) {
      Path file = SharedTestData.file((String) c[0]);
      List<String> lines = dataLines(file);
      assertThat(lines).hasSize((Integer) c[1]);
      CloudObject co = place().object("vcf/" + file.getFileName(), Files.readAllBytes(file)).option("spacing", "16384").build();
      assertThat(co.format().id()).isEqualTo("vcf");
      byte[] content = Files.readAllBytes(file);
      PartitionContract contract = PartitionContract.of(co, lines);
      if (file.toString().endsWith("bgz")) {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
          content = in.readAllBytes();
        }
        contract = contract.allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH);
      }
      contract.check(content, List.of(1, 2, 5, 9, 16));
      String header = co.attributes().get("header");
      assertThat(header.lines().filter(l -> l.startsWith("##")).count()).as("%s meta lines", c[0]).isEqualTo((long) (Integer) c[2]);
      assertThat(header.lines().reduce((a, b) -> b).orElseThrow()).startsWith("#CHROM");
    }
  }

  @Test
  void variantsDecodeLikeBcftools() throws IOException {
    ExternalTools.require("bcftools", "bcftools");
    Path file = SharedTestData.file("vcf/dataplug_sample.vcf");
    List<String> expected = List.of(sh("bcftools query -f '%CHROM:%POS\\n' " + q(file) + " 2>/dev/null").split("\n"));
    CloudObject co = place().object("sample.vcf", Files.readAllBytes(file)).option("spacing", "64").build();
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
  void vcfWithoutHeaderIsAClearError() throws IOException {
    CloudObject co = place().object("noheader.vcf", "20\t14370\trs6054257\tG\tA\t29\tPASS\t.\n".getBytes(StandardCharsets.US_ASCII)).build();
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("Malformed vcf data in " + co.location() + " at byte 0: a VCF must start with a '##fileformat=VCF' header line (it has no header)");
  }
}
