package io.dataplug.formats.genomics.vcf;

import htsjdk.samtools.BinningIndexContent;
import htsjdk.samtools.Chunk;
import htsjdk.samtools.util.BlockCompressedFilePointerUtil;
import htsjdk.tribble.index.tabix.TabixIndex;
import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.format.Compression;
import io.dataplug.format.IndexView;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.text.RecordIndexSummary;
import io.dataplug.text.RecordSliceHint;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code regions} strategy of VCF: chromosome ranges from a tabix index. Each chromosome gets
 * slices in proportion to its compressed size, split at 16 kb windows of the tabix linear index so
 * the slices of a chromosome hold about equal compressed bytes. A region slice starts at its first
 * window's linear-index offset and keeps the records whose POS falls in its range.
 */
final class VcfRegions {
  static final String TABIX_BLOB = "tbi";
  static final String CSI_BLOB = "csi";
  private static final long TAIL = 64 << 10;

  /** The metadata bin of tabix and BAI indexes. */
  private static final int TABIX_PSEUDO_BIN = 37450;

  private VcfRegions() {}

  /**
   * Where the records of one sequence are: its first and last virtual offsets, and for the windows
   * that hold records (window k covers positions [k << shift, (k + 1) << shift)) the smallest
   * virtual offset of any record at or after the window (a suffix minimum, so reading from it
   * misses none).
   */
  record Windows(String name, long first, long last, int shift, long[] window, long[] offset) {}

  /** Parses a .tbi (BGZF-compressed) with htsjdk. */
  static List<Windows> tabix(byte[] tbi, Object source) throws MalformedDataException {
    TabixIndex index;
    try {
      index =
          new TabixIndex(
              new htsjdk.samtools.util.BlockCompressedInputStream(new ByteArrayInputStream(tbi)));
    } catch (IOException | RuntimeException e) {
      throw new MalformedDataException(
          "Corrupted index file: " + source + " (" + e.getMessage() + ")", e);
    }
    List<Windows> out = new ArrayList<>();
    BinningIndexContent[] contents = index.getIndices();
    List<String> names = index.getSequenceNames();
    for (int i = 0; i < names.size(); i++) {
      BinningIndexContent c = i < contents.length ? contents[i] : null;
      if (c == null) {
        continue;
      }
      long first = Long.MAX_VALUE;
      long last = 0;
      for (htsjdk.samtools.Bin bin : c.getBins()) {
        if (bin.getBinNumber() == TABIX_PSEUDO_BIN) {
          continue; // holds counts, not offsets
        }
        for (Chunk chunk : bin.getChunkList()) {
          first = Math.min(first, chunk.getChunkStart());
          last = Math.max(last, chunk.getChunkEnd());
        }
      }
      if (last == 0) {
        continue;
      }
      long[] lin = c.getLinearIndex().getIndexEntries();
      long[] window = new long[lin.length];
      for (int w = 0; w < lin.length; w++) {
        window[w] = w;
      }
      out.add(new Windows(names.get(i), first, last, 14, window, suffixMin(lin, first)));
    }
    return out;
  }

  /**
   * Parses a .csi (BGZF-compressed): magic, min_shift, depth, the tabix-style aux block with the
   * sequence names, then per sequence its bins (with loffset) and chunks. Every count is checked
   * against the bytes left.
   */
  static List<Windows> csi(byte[] compressed, Object source) throws MalformedDataException {
    java.nio.ByteBuffer b;
    try {
      b =
          java.nio.ByteBuffer.wrap(
                  new htsjdk.samtools.util.BlockCompressedInputStream(
                          new ByteArrayInputStream(compressed))
                      .readAllBytes())
              .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    } catch (IOException | RuntimeException e) {
      throw new MalformedDataException(
          "Corrupted index file: " + source + " (" + e.getMessage() + ")", e);
    }
    try {
      if (b.remaining() < 16 || b.getInt() != 0x01495343) { // "CSI\1"
        throw new MalformedDataException("Corrupted index file: " + source + " (not a CSI index)");
      }
      int minShift = b.getInt();
      int depth = b.getInt();
      int auxLength = b.getInt();
      if (minShift < 0
          || minShift > 30
          || depth < 0
          || depth > 10
          || auxLength < 28
          || auxLength > b.remaining()) {
        throw new MalformedDataException("Corrupted index file: " + source + " (bad CSI header)");
      }
      byte[] aux = new byte[auxLength];
      b.get(aux);
      java.nio.ByteBuffer a = java.nio.ByteBuffer.wrap(aux).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      a.position(24);
      int namesLength = a.getInt();
      if (namesLength < 0 || namesLength > a.remaining()) {
        throw new MalformedDataException(
            "Corrupted index file: " + source + " (bad sequence names)");
      }
      String[] names = new String(aux, 28, namesLength, StandardCharsets.UTF_8).split("\0");
      int refs = b.getInt();
      if (refs < 0 || refs > names.length) {
        throw new MalformedDataException(
            "Corrupted index file: "
                + source
                + " ("
                + refs
                + " sequences, "
                + names.length
                + " names)");
      }
      long finest = ((1L << (3 * depth)) - 1) / 7;
      long pseudo = ((1L << (3 * (depth + 1))) - 1) / 7 + 1; // holds counts, not offsets
      List<Windows> out = new ArrayList<>();
      for (int r = 0; r < refs; r++) {
        int bins = b.getInt();
        if (bins < 0 || bins > b.remaining() / 16) {
          throw new MalformedDataException(
              "Corrupted index file: " + source + " (bin count " + bins + ")");
        }
        java.util.TreeMap<Long, Long> windows = new java.util.TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int i = 0; i < bins; i++) {
          long bin = b.getInt() & 0xffffffffL;
          long loffset = b.getLong();
          int chunks = b.getInt();
          if (chunks < 0 || chunks > b.remaining() / 16) {
            throw new MalformedDataException(
                "Corrupted index file: " + source + " (chunk count " + chunks + ")");
          }
          for (int c = 0; c < chunks; c++) {
            long beg = b.getLong();
            long end = b.getLong();
            if (bin != pseudo) {
              first = Math.min(first, beg);
              last = Math.max(last, end);
            }
          }
          if (bin >= finest && bin < finest + (1L << (3 * depth))) {
            windows.merge(bin - finest, loffset, Math::min);
          }
        }
        if (last == 0) {
          continue;
        }
        long[] window = windows.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] offsets = windows.values().stream().mapToLong(Long::longValue).toArray();
        out.add(new Windows(names[r], first, last, minShift, window, suffixMin(offsets, first)));
      }
      return out;
    } catch (java.nio.BufferUnderflowException e) {
      throw new MalformedDataException("Corrupted index file: " + source + " (truncated)");
    }
  }

  /** The suffix minimum of the offsets, never below the sequence's first record. */
  private static long[] suffixMin(long[] offsets, long first) {
    long[] out = new long[offsets.length];
    long min = Long.MAX_VALUE;
    for (int i = offsets.length - 1; i >= 0; i--) {
      if (offsets[i] > 0) {
        min = Math.min(min, offsets[i]);
      }
      out[i] = Math.max(first, min == Long.MAX_VALUE ? first : min);
    }
    return out;
  }

  static List<SliceSpec> partition(IndexView index, long n) throws IOException {
    List<Windows> sequences;
    if (index.manifest().blobs().containsKey(TABIX_BLOB)) {
      sequences = tabix(index.blob(TABIX_BLOB), index.blobLocation(TABIX_BLOB));
    } else if (index.manifest().blobs().containsKey(CSI_BLOB)) {
      sequences = csi(index.blob(CSI_BLOB), index.blobLocation(CSI_BLOB));
    } else {
      throw new IllegalArgumentException(
          "Strategy 'regions' needs a tabix or CSI index: put "
              + index.source()
              + ".tbi (or .csi) next to the object and preprocess it again (--force)");
    }
    if (n > 1_000_000) {
      throw new IllegalArgumentException("Too many slices: " + n);
    }
    long total = 0;
    for (Windows w : sequences) {
      total += bytes(w.first(), w.last());
    }
    long objectSize = index.manifest().source().size();
    long headerLength = index.summary(RecordIndexSummary.class).headerLength();
    Map<String, String> options = index.manifest().options();
    String windowsBlob = index.blobLocation(Compression.WINDOWS_BLOB).toString();
    List<SliceSpec> specs = new ArrayList<>();
    for (Windows seq : sequences) {
      long bytes = bytes(seq.first(), seq.last());
      int k = (int) Math.max(1, Math.round((double) n * bytes / Math.max(1, total)));
      int[] at = new int[k + 1]; // index into seq.window() where each region starts
      for (int j = 1; j < k; j++) {
        long target = BlockCompressedFilePointerUtil.getBlockAddress(seq.first()) + bytes * j / k;
        int w = at[j - 1];
        while (w < seq.window().length
            && BlockCompressedFilePointerUtil.getBlockAddress(seq.offset()[w]) < target) {
          w++;
        }
        at[j] = w;
      }
      at[k] = seq.window().length;
      for (int j = 0; j < k; j++) {
        long start =
            j == 0 || at[j] >= seq.window().length
                ? (j == 0 ? 0 : Integer.MAX_VALUE)
                : seq.window()[at[j]] << seq.shift();
        long end =
            j + 1 == k || at[j + 1] >= seq.window().length
                ? Integer.MAX_VALUE
                : seq.window()[at[j + 1]] << seq.shift();
        if (start >= end) {
          continue; // two cut points fell in the same window: nothing can be in between
        }
        long virtual =
            j == 0 ? seq.first() : at[j] < seq.window().length ? seq.offset()[at[j]] : seq.last();
        long next =
            j + 1 == k || at[j + 1] >= seq.window().length ? seq.last() : seq.offset()[at[j + 1]];
        long block = BlockCompressedFilePointerUtil.getBlockAddress(virtual);
        long stop =
            Math.min(
                objectSize,
                BlockCompressedFilePointerUtil.getBlockAddress(Math.max(next, virtual)) + TAIL);
        GzipResume resume = new GzipResume(block, 0, windowsBlob, 0, 0, 0, objectSize);
        RecordSliceHint records =
            new RecordSliceHint(-1, -1, 0, 0, headerLength, options, resume, true);
        VcfRegion region =
            new VcfRegion(
                seq.name(),
                Math.min(start, end),
                end,
                BlockCompressedFilePointerUtil.getBlockOffset(virtual));
        specs.add(
            SliceSpec.of(
                List.of(ByteRange.between(block, Math.max(block, stop))),
                new VcfSliceHint(records, region)));
      }
    }
    return specs;
  }

  private static long bytes(long firstVirtual, long lastVirtual) {
    return BlockCompressedFilePointerUtil.getBlockAddress(lastVirtual)
        - BlockCompressedFilePointerUtil.getBlockAddress(firstVirtual)
        + 1;
  }

  /** The region's records: lines of its chromosome with POS - 1 in [start, end). */
  static RecordReader<String> reader(SliceContext context) throws IOException {
    DataSlice slice = context.slice();
    VcfSliceHint hint = slice.hint(VcfSliceHint.class);
    VcfRegion region = hint.region();
    GzipResume resume = hint.records().gzip();
    if (region == null || resume == null) {
      throw new IllegalStateException("Region slices need a BGZF index: " + slice.location());
    }
    InputStream in =
        Compression.open(
            context, resume, slice.rangesOf(0).get(0).end(), region.blockOffset(), Long.MAX_VALUE);
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    return new RecordReader<>() {
      private @Nullable String current;
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
            throw new MalformedDataException(
                "Malformed vcf data in "
                    + slice.location()
                    + " (region "
                    + region
                    + "): a record without CHROM and POS fields");
          }
          boolean ours =
              line.regionMatches(0, region.chrom(), 0, tab) && tab == region.chrom().length();
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
            throw new MalformedDataException(
                "Malformed vcf data in "
                    + slice.location()
                    + " (region "
                    + region
                    + "): POS is not a number in a record of "
                    + region.chrom());
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
        return RecordReader.requireCurrent(current);
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }

  /** The region's records as bytes, one line each. */
  static InputStream content(SliceContext slice) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordReader<String> reader = reader(slice)) {
      while (reader.advance()) {
        out.write(reader.current().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    return new ByteArrayInputStream(out.toByteArray());
  }
}
