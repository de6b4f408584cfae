package io.dataplug.lithops.functions;

import static java.util.Objects.requireNonNull;

import io.dataplug.Slices;
import io.dataplug.format.WritingFormat;
import io.dataplug.job.TaskFunction;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * Writes each slice as one standalone file of its format ({@link Slices#write}) into a folder: a
 * local directory or an object-store prefix ({@code s3://bucket/prefix}), named {@code
 * <prefix><index><extension>} with the index zero-padded to the width of the slice count ({@code
 * tile_07.las}).
 *
 * <p>It carries its folder, so it has no no-argument constructor: backends that ship functions by
 * class name ({@code aws_lambda}) refuse it when the job is submitted.
 */
public final class WriteSlice implements TaskFunction<DataSlice, WriteSlice.Written> {
  private static final long serialVersionUID = 1L;

  private final String folder;
  private final String prefix;

  /**
   * @param folder where the files go (a location as {@link ObjectLocation#of} parses it)
   * @param prefix the start of every file name
   */
  public WriteSlice(String folder, String prefix) {
    this.folder = requireNonNull(folder, "folder is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
  }

  /**
   * One file written.
   *
   * @param slice the slice's index
   * @param location where the file is
   * @param counts the format's counters of what it holds (at least {@code records})
   */
  public record Written(int slice, String location, Map<String, Long> counts)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Written {
      requireNonNull(location, "location is null");
      counts = Map.copyOf(counts);
    }
  }

  @Override
  public Written apply(DataSlice slice) throws Exception {
    if (!(Slices.format(slice) instanceof WritingFormat format)) {
      throw new UnsupportedOperationException(
          "Format " + slice.format() + " cannot write its slices as files");
    }
    int width = String.valueOf(slice.count() - 1).length();
    String name =
        prefix
            + String.format(Locale.ROOT, "%0" + width + "d", slice.index())
            + format.fileExtension();
    ObjectLocation target = ObjectLocation.of(folder).child(name);
    return new Written(slice.index(), target.toString(), Slices.write(slice, target));
  }
}
