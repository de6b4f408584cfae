package io.dataplug.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ObjectLocationTest {
  private static void assertLocation(
      String text, String scheme, String authority, String key, String canonical) {
    ObjectLocation l = ObjectLocation.of(text);
    assertThat(l.scheme()).isEqualTo(scheme);
    assertThat(l.authority()).isEqualTo(authority);
    assertThat(l.key()).isEqualTo(key);
    assertThat(l.toString()).isEqualTo(canonical);
    assertThat(ObjectLocation.of(l.toString())).isEqualTo(l);
  }

  @Test
  void parsesEverySupportedForm() {
    assertLocation(
        "s3://bucket/a/b.fastq.gz", "s3", "bucket", "a/b.fastq.gz", "s3://bucket/a/b.fastq.gz");
    assertLocation(
        "s3a://bucket/key with space%",
        "s3", "bucket", "key with space%", "s3://bucket/key with space%");
    assertLocation("s3://bucket", "s3", "bucket", "", "s3://bucket/");
    assertLocation("file:/tmp/x.csv", "file", "", "tmp/x.csv", "file:/tmp/x.csv");
    assertLocation("file:///tmp/x.csv", "file", "", "tmp/x.csv", "file:/tmp/x.csv");
    assertLocation("/tmp/../tmp/y.txt", "file", "", "tmp/y.txt", "file:/tmp/y.txt");
    assertLocation(
        "https://example.org:8443/data/r.vcf",
        "https",
        "example.org:8443",
        "data/r.vcf",
        "https://example.org:8443/data/r.vcf");
    assertLocation("HTTP://host/p", "http", "host", "p", "http://host/p");
  }

  @Test
  void relativePathsBecomeAbsolute() {
    ObjectLocation l = ObjectLocation.of("some/file.txt");
    assertThat(l.localPath()).contains(Path.of("some/file.txt").toAbsolutePath());
  }

  @Test
  void derivedLocations() {
    ObjectLocation l = ObjectLocation.of("s3://b/dir/reads.fq");
    assertThat(l.withKeySuffix(".dataplug").child("manifest.json").toString())
        .isEqualTo("s3://b/dir/reads.fq.dataplug/manifest.json");
    assertThat(l.fileName()).isEqualTo("reads.fq");
  }

  @Test
  void rejectsMalformedLocations() {
    assertThatThrownBy(() -> ObjectLocation.of("")).hasMessage("location is empty");
    assertThatThrownBy(() -> ObjectLocation.of("s3:///key"))
        .hasMessage("S3 location has no bucket: s3:///key");
    // any scheme parses; whether a store serves it is the providers' question
    assertThat(ObjectLocation.of("gs://b/k").scheme()).isEqualTo("gs");
    assertThatThrownBy(
            () -> ObjectStores.shared(ObjectLocation.of("gs://b/k"), StoreConfig.defaults()))
        .hasMessage("No object store for scheme 'gs' (known: file, http, https, s3): gs://b/k");
    assertThatThrownBy(() -> ObjectLocation.of("1x://b/k"))
        .hasMessage("Malformed location scheme '1x': 1x://b/k");
    assertThatThrownBy(() -> ObjectLocation.of("file://host/x"))
        .hasMessage("file location must have an empty host: file://host/x");
  }
}
