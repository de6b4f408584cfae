package io.dataplug;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of the core, as ARCHITECTURE.md draws them, checked on the compiled classes: storage
 * and codecs at the bottom, then slices, requests and the index, then the format SPI, then the
 * formats (text) and the entry points (this package); arrows point down only and no packages form a
 * cycle.
 */
class CoreArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dataplug");

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.dataplug.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void storageCodecsIndexSlicesAndRequestsNeverImportTheFormatLayer() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.dataplug.storage..",
            "io.dataplug.codec..",
            "io.dataplug.index..",
            "io.dataplug.slice..",
            "io.dataplug.partition..",
            "io.dataplug.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.dataplug.format..", "io.dataplug.text..", "io.dataplug")
        .check(CORE);
  }

  @Test
  void codecsTakeStreamsAndRangeReadersOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.dataplug.codec..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.dataplug.index..", "io.dataplug.slice..", "io.dataplug.partition..")
        .check(CORE);
  }

  @Test
  void storageIsTheBottomLayer() {
    noClasses()
        .that()
        .resideInAPackage("io.dataplug.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.dataplug.codec..",
            "io.dataplug.index..",
            "io.dataplug.slice..",
            "io.dataplug.partition..")
        .check(CORE);
  }

  @Test
  void theFormatSpiDoesNotReachTheEntryPoints() {
    noClasses()
        .that()
        .resideInAPackage("io.dataplug.format..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.dataplug", "io.dataplug.text..")
        .check(CORE);
  }

  @Test
  void formatsAndCodecsNeverTouchTheGlobalStoreCache() {
    noClasses()
        .that()
        .resideInAnyPackage("io.dataplug.format..", "io.dataplug.codec..", "io.dataplug.text..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.dataplug.storage.ObjectStores")
        .because("readers get their stores through a SliceContext, so a counting store sees all")
        .check(CORE);
  }
}
