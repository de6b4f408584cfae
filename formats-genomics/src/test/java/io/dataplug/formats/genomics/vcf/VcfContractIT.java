package io.dataplug.formats.genomics.vcf;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The VCF format contract on a real S3-compatible server (in-process S3Proxy). */
class VcfContractIT extends VcfContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("vcf-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
