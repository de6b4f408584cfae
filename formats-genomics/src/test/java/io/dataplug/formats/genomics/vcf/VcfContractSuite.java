package io.dataplug.formats.genomics.vcf;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import io.dataplug.testing.PartitionContract;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The format contract for VCF on the shared fixtures (three of which bcftools rejects): records are
 * the data lines as GNU grep finds them; counts and header lines from GROUND_TRUTH.md.
 */
abstract class VcfContractSuite extends AbstractFormatContractTest {
  /** Fixture, records and ## meta lines (plus one #CHROM line each), from GROUND_TRUTH.md. */
  private static final Object[][] FIXTURES = {
    {"vcf/HiSeq.10000.vcf", 9965, 35},
    {"vcf/HiSeq.10000.vcf.bgz", 9965, 36},
    {"vcf/dbsnp_135.b37.1000.vcf", 99, 149},
    {"vcf/dataplug_sample.vcf", 9, 21}
  };

  static List<String> dataLines(Path vcf) throws IOException {
    String cat = vcf.toString().endsWith("gz") ? "zcat " : "cat ";
    return List.of(sh(cat + q(vcf) + " | grep -v '^#' || true").split("\n"));
  }

  @Override
  protected List<ContractCase> cases() throws IOException {
    List<ContractCase> cases = new ArrayList<>();
    for (Object[] c : FIXTURES) {
      Path file = SharedTestData.file((String) c[0]);
      List<String> lines = dataLines(file);
      assertThat(lines).as("%s records by grep", c[0]).hasSize((Integer) c[1]);
      boolean bgzf = file.toString().endsWith("bgz");
      byte[] content = Files.readAllBytes(file);
      if (bgzf) {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
          content = in.readAllBytes();
        }
      }
      // with a dense index asked for, and with the index a user gets by default (the kit checks
      // Slices(1, 8, 32) of both against its fetch bound)
      for (boolean defaults : List.of(false, true)) {
        cases.add(
            ContractCase.bySliceCounts(
                c[0] + (defaults ? " (default index)" : ""),
                place -> {
                  var b =
                      place.object(
                          (defaults ? "vcf-default/" : "vcf/") + file.getFileName(),
                          Files.readAllBytes(file));
                  return defaults ? b.build() : b.option("spacing", "16384").build();
                },
                lines,
                content,
                defaults ? List.of(1, 8, 32) : List.of(1, 2, 5, 9, 16),
                contract ->
                    bgzf
                        ? contract.allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH)
                        : contract));
      }
    }
    return cases;
  }

  @Test
  void headerIsParsedOnceWithItsMetaLines() throws IOException {
    for (Object[] c : FIXTURES) {
      Path file = SharedTestData.file((String) c[0]);
      CloudObject co =
          place().object("vcf-header/" + file.getFileName(), Files.readAllBytes(file)).build();
      assertThat(co.format().id()).isEqualTo("vcf");
      co.preprocess();
      String header = co.attributes().get("header");
      assertThat(header.lines().filter(l -> l.startsWith("##")).count())
          .as("%s meta lines", c[0])
          .isEqualTo((long) (Integer) c[2]);
      assertThat(header.lines().reduce((a, b) -> b).orElseThrow()).startsWith("#CHROM");
    }
  }
}
