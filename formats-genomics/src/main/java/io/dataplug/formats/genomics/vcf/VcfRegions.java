package io.dataplug.formats.genomics.vcf;

import htsjdk.samtools.BinningIndexContent;
import htsjdk.samtools.Chunk;
import htsjdk.samtools.util.BlockCompressedFilePointerUtil;
import htsjdk.tribble.index.tabix.TabixIndex;
import io.dataplug.DataSlice;
import io.dataplug.codec.gzip.GzipRangeStream;
import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.format.IndexView;
import io.dataplug.format.MalformedDataException;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceSpec;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectStore;
import io.dataplug.text.RecordSliceHint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code regions} strategy of VCF: chromosome ranges from a tabix index. Each chromosome gets
 * slices in proportion to its compressed size, split at 16 kb windows of the tabix linear index so
 * the slices of a chromosome hold about equal compressed bytes. A region slice starts at its first
 * window's linear-index offset and keeps the records whose POS falls in its range.
 */
final class VcfRegions {
  static final String TABIX_BLOB = "tbi";
  private static final int WINDOW = 1 << 14;
  private static final long TAIL = 64 << 10;

  private VcfRegions() {}

  static TabixIndex parse(byte[] tbi, Object source) throws MalformedDataException {
    try {
      // a .tbi is itself BGZF-compressed
      return new TabixIndex(new htsjdk.samtools.util.BlockCompressedInputStream(new ByteArrayInputStream(tbi)));
    } catch (IOException | RuntimeException e) {
      throw new MalformedDataException("Corrupted index file: " + source + " (" + e.getMessage() + ")", e);
    }
  }

  static List<SliceSpec> partition(IndexView index, long n) throws IOException {
    if (!index.manifest().blobs().containsKey(TABIX_BLOB)) {
      throw new IllegalArgumentException("Strategy 'regions' needs a tabix index: put " + index.source()
          + ".tbi next to the object and preprocess it again (--force)");
    }
    if (n > 1_000_000) {
      throw new IllegalArgumentException("Too many slices: " + n);
    }
    TabixIndex tbi = parse(index.blob(TABIX_BLOB), index.blobLocation(TABIX_BLOB));
    List<String> names = tbi.getSequenceNames();
    BinningIndexContent[] contents = tbi.getIndices();
    long[] first = new long[names.size()];
    long[] last = new long[names.size()];
    long total = 0;
    for (int i = 0; i < names.size(); i++) {
      BinningIndexContent c = i < contents.length ? contents[i] : null;
      if (c == null || c.getAllChunks().isEmpty()) {
        continue;
      }
      first[i] = Long.MAX_VALUE;
      for (Chunk chunk : c.getAllChunks()) {
        first[i] = Math.min(first[i], chunk.getChunkStart());
        last[i] = Math.max(last[i], chunk.getChunkEnd());
      }
      total += bytes(first[i], last[i]);
    }
    long objectSize = index.manifest().source().size();
    long headerLength = Long.parseLong(index.manifest().attributes().getOrDefault("header_length", "0"));
    Map<String, String> options = index.manifest().options();
    String windows = index.blobLocation(io.dataplug.codec.gzip.GzipObjects.WINDOWS_BLOB).toString();
    List<SliceSpec> specs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (last[i] == 0) {
        continue;
      }
      long bytes = bytes(first[i], last[i]);
      int k = (int) Math.max(1, Math.round((double) n * bytes / Math.max(1, total)));
      long[] lin = contents[i].getLinearIndex().getIndexEntries();
      long[] starts = new long[k + 1]; // window index where each region starts
      long[] virtual = new long[k + 1];
      starts[0] = 0;
      virtual[0] = first[i];
      for (int j = 1; j < k; j++) {
        long target = BlockCompressedFilePointerUtil.getBlockAddress(first[i]) + bytes * j / k;
        int w = (int) Math.max(starts[j - 1], 0);
        while (w < lin.length && BlockCompressedFilePointerUtil.getBlockAddress(lin[w]) < target) {
          w++;
        }
        starts[j] = w;
        virtual[j] = w < lin.length ? Math.max(lin[w], first[i]) : last[i];
      }
      starts[k] = Long.MAX_VALUE;
      virtual[k] = last[i];
      for (int j = 0; j < k; j++) {
        long start = starts[j] * WINDOW;
        long end = j + 1 == k ? Integer.MAX_VALUE : starts[j + 1] * WINDOW;
        long block = BlockCompressedFilePointerUtil.getBlockAddress(virtual[j]);
        long stop = Math.min(objectSize, BlockCompressedFilePointerUtil.getBlockAddress(virtual[j + 1]) + TAIL);
        GzipResume resume = new GzipResume(block, 0, windows, 0, 0, 0, objectSize);
        RecordSliceHint records = new RecordSliceHint(-1, -1, 0, 0, headerLength, options, resume, true);
        VcfRegion region = new VcfRegion(names.get(i), Math.min(start, end), end,
            BlockCompressedFilePointerUtil.getBlockOffset(virtual[j]));
        specs.add(new SliceSpec(List.of(ByteRange.between(block, Math.max(block, stop))), new VcfSliceHint(records, region)));
      }
    }
    return specs;
  }

  private static long bytes(long firstVirtual, long lastVirtual) {
    return BlockCompressedFilePointerUtil.getBlockAddress(lastVirtual) - BlockCompressedFilePointerUtil.getBlockAddress(firstVirtual) + 1;
  }

  /** The region's records: lines of its chromosome with POS - 1 in [start, end). */
  static RecordReader<String> reader(DataSlice slice, ObjectStore store) throws IOException {
    VcfSliceHint hint = slice.hint(VcfSliceHint.class);
    VcfRegion region = hint.region();
    GzipResume resume = hint.records().gzip();
    InputStream in = GzipRangeStream.open(store, slice.objectLocation(), slice.etag(), slice.storeConfig(), resume,
        slice.ranges().get(0).end(), region.blockOffset(), Long.MAX_VALUE);
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    return new RecordReader<>() {
      private String current;
      private boolean seen;
      private boolean done;

      @Override
      public boolean advance() throws IOException {
        while (!done) {
          String line = lines.readLine();
          if (line == null) {
            done = true;
            break;
          }
          if (line.isEmpty() || line.charAt(0) == '#') {
            continue;
          }
          int tab = line.indexOf('\t');
          int tab2 = tab < 0 ? -1 : line.indexOf('\t', tab + 1);
          if (tab2 < 0) {
            throw new MalformedDataException("Malformed vcf data in " + slice.location() + " (region " + region
                + "): a record without CHROM and POS fields");
          }
          boolean ours = line.regionMatches(0, region.chrom(), 0, tab) && tab == region.chrom().length();
          if (!ours) {
            if (seen) {
              done = true; // the next chromosome has begun
            }
            continue;
          }
          seen = true;
          long pos;
          try {
            pos = Long.parseLong(line, tab + 1, tab2, 10) - 1;
          } catch (NumberFormatException e) {
            throw new MalformedDataException("Malformed vcf data in " + slice.location() + " (region " + region
                + "): POS is not a number in a record of " + region.chrom());
          }
          if (pos < region.start()) {
            continue;
          }
          if (pos >= region.end()) {
            done = true;
            break;
          }
          current = line;
          return true;
        }
        return false;
      }

      @Override
      public String current() {
        return current;
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }

  /** The region's records as bytes, one line each. */
  static InputStream content(DataSlice slice, ObjectStore store) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordReader<String> reader = reader(slice, store)) {
      while (reader.advance()) {
        out.write(reader.current().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    return new ByteArrayInputStream(out.toByteArray());
  }
}
