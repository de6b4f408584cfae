package io.dataplug.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ObjectPlace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IndexRecoverySuite} on a local folder, plus what only local folders have: permissions. */
class IndexRecoveryTest extends IndexRecoverySuite {
  @TempDir Path dir;

  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(dir);
  }

  /**
   * Sidecar files get the permissions the user's umask gives any new file (a colleague, or a worker
   * running as another user, can read them), not the private 0600 of a temporary file.
   */
  @Test
  void sidecarFilesFollowTheUmask() throws IOException {
    Path data = dir.resolve("shared.txt");
    Files.writeString(data, "a\nb\n");
    Set<PosixFilePermission> umaskGives = Files.getPosixFilePermissions(data);
    assertThat(umaskGives)
        .as("the umask lets the group read")
        .contains(PosixFilePermission.GROUP_READ);
    CloudObject co =
        CloudObject.builder(data.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .build();
    co.preprocess();
    for (String name : co.indexStore().list()) {
      Path file = dir.resolve("shared.txt.dataplug").resolve(name);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(name)
          .isEqualTo(PosixFilePermissions.toString(umaskGives));
    }
  }

  /** A metadata folder that cannot be written is one line pointing at --metadata-location. */
  @Test
  void unwritableIndexFolderPointsAtMetadataLocation() throws IOException {
    Path data = dir.resolve("ro.txt");
    Files.writeString(data, "a\nb\n");
    Path readOnly = dir.resolve("read-only");
    Files.createDirectories(readOnly);
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (Files.isWritable(readOnly)) {
      // running as root, which may write anywhere: sysfs refuses new folders even to root
      readOnly = Path.of("/sys");
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.isDirectory(readOnly.resolve("file")),
          "no sysfs to stand in for a read-only folder");
    }
    CloudObject co =
        CloudObject.builder(data.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .metadataLocation(readOnly.toString())
            .build();
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "Cannot write the index folder "
                + co.indexStore().folder()
                + " (permission denied); keep indexes in a folder you can write with"
                + " --metadata-location URI");
  }

  /** A file where the index folder should be is named, with the same advice. */
  @Test
  void fileInTheWayOfTheIndexFolderPointsAtMetadataLocation() throws IOException {
    Path data = dir.resolve("blocked.txt");
    Files.writeString(data, "a\nb\n");
    Files.writeString(dir.resolve("blocked.txt.dataplug"), "not a folder", StandardCharsets.UTF_8);
    CloudObject co =
        CloudObject.builder(data.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .build();
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Cannot write the index folder " + co.indexStore().folder() + " (")
        .hasMessageEndingWith(
            "); keep indexes in a folder you can write with --metadata-location URI");
  }
}
