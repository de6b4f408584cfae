package io.dataplug.formats.genomics.fasta;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;

import io.dataplug.partition.PartitionRequest;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.ObjectPlace;
import io.dataplug.testing.PartitionContract;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The format contract for FASTA on the shared fixtures, plain and BGZF (with and without the
 * samtools {@code .fai}/{@code .gzi} next to it): cut into slices of whole sequences, the records
 * are the sequences exactly as {@code samtools faidx} prints them.
 */
abstract class FastaContractSuite extends AbstractFormatContractTest {
  private static final List<String> FIXTURES =
      List.of(
          "fasta/Homo_sapiens_assembly18.trimmed.fasta",
          "fasta/Homo_sapiens_assembly18.trimmed.fasta.gz",
          "fasta/dataplug_fasta_sample.fasta",
          "fasta/hg19mini.fasta");

  /** Every sequence of {@code fasta} as samtools faidx prints it, as whole fragments. */
  static List<FastaFragment> samtoolsSequences(Path fasta) throws IOException {
    List<FastaFragment> out = new ArrayList<>();
    for (String line :
        Files.readString(SharedTestData.file(fastaName(fasta) + ".fai")).split("\n")) {
      String name = line.split("\t")[0];
      StringBuilder bases = new StringBuilder();
      for (String l : sh("samtools faidx " + q(fasta) + " '" + name + "'").split("\n")) {
        if (!l.startsWith(">")) {
          bases.append(l.strip());
        }
      }
      out.add(new FastaFragment(name, 0, bases.toString()));
    }
    return out;
  }

  private static String fastaName(Path file) {
    return "fasta/" + file.getFileName();
  }

  /**
   * A fixture staged alone or with its {@code .fai}/{@code .gzi}, with a 64 KiB gzip spacing or
   * (defaults) the index a user gets without options.
   */
  private static ContractCase fixture(String fixture, boolean withCompanions, boolean defaults)
      throws IOException {
    Path file = SharedTestData.file(fixture);
    byte[] data = Files.readAllBytes(file);
    boolean gz = fixture.endsWith(".gz");
    byte[] content = gz ? new GZIPInputStream(Files.newInputStream(file)).readAllBytes() : data;
    String name =
        fixture
            + (withCompanions ? " with its .fai/.gzi" : "")
            + (defaults ? ", default index" : "");
    String key =
        (withCompanions ? "with/" : "alone/") + (defaults ? "default/" : "") + file.getFileName();
    return new ContractCase(
        name,
        (ObjectPlace place) -> {
          if (withCompanions) {
            for (String ext : List.of(".fai", ".gzi")) {
              Path c = file.resolveSibling(file.getFileName() + ext);
              if (Files.exists(c)) {
                place.stage(key + ext, c);
              }
            }
          }
          var object = place.object(key, data);
          return defaults ? object.build() : object.option("spacing", "65536").build();
        },
        samtoolsSequences(file),
        content,
        List.of(),
        List.of(
            new PartitionRequest.WholeSequences(1),
            new PartitionRequest.WholeSequences(2),
            new PartitionRequest.WholeSequences(3),
            new PartitionRequest.WholeSequences(7)),
        c -> gz ? c.allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH) : c);
  }

  @Override
  protected List<ContractCase> cases() throws IOException {
    ExternalTools.require("samtools", "samtools");
    List<ContractCase> cases = new ArrayList<>();
    for (String f : FIXTURES) {
      cases.add(fixture(f, false, false));
      if (f.endsWith(".gz") || f.contains("hg19mini")) {
        cases.add(fixture(f, true, false));
      }
      if (f.endsWith(".gz")) {
        // the BGZF FASTA with its .gzi, as a user has it: a checkpoint at every block of the .gzi
        cases.add(fixture(f, true, true));
      }
    }
    return cases;
  }
}
