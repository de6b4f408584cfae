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
    assertThatThrownBy(() -> ObjectLocation.of("gs://b/k"))
        .hasMessage(
            "Unsupported location scheme 'gs' (use s3://, file:, http(s):// or a path): gs://b/k");
    assertThatThrownBy(() -> ObjectLocation.of("file://host/x"))
        .hasMessage("file location must have an empty host: file://host/x");
  }
}
