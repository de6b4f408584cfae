package io.dataplug;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.index.Manifest;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.testing.ObjectPlace;
import io.dataplug.testing.S3TestServer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sidecar index and stale detection on a real S3-compatible server (in-process S3Proxy). */
class CloudObjectS3IT {
  private final ObjectPlace place = ObjectPlace.s3("cloud-object");

  @Test
  void indexLandsAlongsideTheObjectInTheBucket() throws IOException {
    CloudObject co = place.object("dir/data.csv", "a,b\n1,2\n3,4\n".getBytes(UTF_8)).build();
    Manifest m = co.preprocess();
    ObjectLocation manifest = co.location().withKeySuffix(".dataplug").child("manifest.json");
    assertThat(S3TestServer.store().metadata(manifest).size()).isPositive();
    assertThat(m.source().etag()).isEqualTo(co.metadata().etag());
    assertThat(co.format().id()).isEqualTo("csv");
    assertThat(co.attributes()).containsEntry("records", "2").containsEntry("header", "a,b");
  }

  @Test
  void overwrittenObjectIsDetectedByEtag() throws IOException {
    CloudObject co = place.object("stale.txt", "1\n2\n3\n".getBytes(UTF_8)).format("text").build();
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 2);
    place.stage("stale.txt", "1\n2\n9\n".getBytes(UTF_8)); // same size, other content
    assertThatThrownBy(() -> co.partition("slices", 2))
        .isInstanceOf(io.dataplug.index.StaleIndexException.class)
        .hasMessageContaining(
            "Stale index for "
                + co.location()
                + ": the object changed since it was preprocessed (ETag ");
    // 6 bytes hold one index point (below the 64-byte sampling floor), so there is one slice
    assertThat(slices).hasSize(1);
    assertThatThrownBy(() -> Slices.countRecords(slices.get(0)))
        .isInstanceOf(ObjectChangedException.class)
        .hasMessageContaining(co.location().toString());
  }

  @Test
  void missingObjectIsAClearError() {
    CloudObject co =
        CloudObject.builder("s3://" + S3TestServer.newBucket("missing") + "/nope.txt")
            .storeConfig(place.storeConfig())
            .format("text")
            .build();
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(FileNotFoundException.class)
        .hasMessage("Object does not exist: " + co.location());
  }
}
