package io.dataplug;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module rules of ARCHITECTURE.md on the compiled classes of every module on this class path:
 * format modules never import each other, and the executor and the command line import no format
 * module (they find formats and jobs with ServiceLoader).
 */
class ModuleArchitectureTest {
  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dataplug");

  private static final String[] FORMAT_MODULES = {
    "io.dataplug.formats.genomics..",
    "io.dataplug.formats.geospatial..",
    "io.dataplug.formats.metabolomics.."
  };

  @Test
  void formatModulesNeverImportEachOther() {
    for (String module : FORMAT_MODULES) {
      java.util.List<String> others = new java.util.ArrayList<>(java.util.List.of(FORMAT_MODULES));
      others.remove(module);
      noClasses()
          .that()
          .resideInAPackage(module)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others.toArray(String[]::new))
          .allowEmptyShould(true)
          .check(ALL);
    }
  }

  @Test
  void theExecutorAndTheCommandLineImportNoFormatModule() {
    noClasses()
        .that()
        .resideInAnyPackage("io.dataplug.lithops..", "io.dataplug.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.dataplug.formats..")
        .check(ALL);
  }

  @Test
  void theCoreImportsNoModuleAboveIt() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.dataplug",
            "io.dataplug.storage..",
            "io.dataplug.codec..",
            "io.dataplug.index..",
            "io.dataplug.slice..",
            "io.dataplug.partition..",
            "io.dataplug.format..",
            "io.dataplug.job..",
            "io.dataplug.text..",
            "io.dataplug.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.dataplug.formats..", "io.dataplug.lithops..", "io.dataplug.cli..")
        .check(ALL);
  }
}
