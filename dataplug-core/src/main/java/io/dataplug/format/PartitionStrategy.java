package io.dataplug.format;

import static java.util.Objects.requireNonNull;

/**
 * A way to cut an object into slices, named by the format that offers it.
 *
 * @param name stable lowercase id, e.g. {@code slices} or {@code bytes}
 * @param parameter what the number given to {@code partition(strategy, n)} means
 * @param description one line for help texts
 */
public record PartitionStrategy(String name, String parameter, String description) {
  /** Cut into a given number of slices of about equal size. */
  public static final PartitionStrategy SLICES =
      new PartitionStrategy("slices", "number of slices", "n slices of about equal bytes");

  /** Cut into slices of about a given number of bytes. */
  public static final PartitionStrategy BYTES =
      new PartitionStrategy("bytes", "target bytes per slice", "slices of about n bytes each");

  /** Cut into slices of about a given number of records (exactly, where the index samples them). */
  public static final PartitionStrategy RECORDS =
      new PartitionStrategy("records", "records per slice", "slices of about n records each");

  /** A strategy by another name with the same meaning (e.g. FASTQ's {@code reads} for records). */
  public PartitionStrategy named(String newName, String newDescription) {
    return new PartitionStrategy(newName, parameter, newDescription);
  }

  public PartitionStrategy {
    requireNonNull(name, "name is null");
    requireNonNull(parameter, "parameter is null");
    requireNonNull(description, "description is null");
  }
}
