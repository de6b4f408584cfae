package io.dataplug.formats.genomics.fasta;

import io.dataplug.codec.gzip.GzipIndex;
import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.format.Compression;
import io.dataplug.format.ContentFormat;
import io.dataplug.format.Detection;
import io.dataplug.format.FormatInfo;
import io.dataplug.format.IndexView;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.format.SummarizingFormat;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * FASTA, plain or gzip/BGZF, with a samtools-compatible {@code .fai} index (64-bit offsets; an
 * existing {@code <key>.fai} next to a plain file is imported instead of scanning the file).
 * Records are {@link FastaFragment}s.
 *
 * <p>Strategies: {@code sequences} (n slices of whole sequences, balanced by bases), {@code bases}
 * (slices of n bases; long sequences are split and each part knows its name and base offset), and
 * {@code slices} (n slices of equal bases).
 */
public final class FastaFormat implements SummarizingFormat, ContentFormat {
  static final String FAI = "fai";
  private static final int BUFFER = 1 << 20;

  @Override
  public String id() {
    return "fasta";
  }

  @Override
  public FormatInfo info() {
    return new FormatInfo(
        "FASTA sequences, plain or gzip/BGZF, with a samtools .fai index; a record is a sequence (or part of one)",
        3, // 3: checkpoints at every BGZF block (from the .gzi) and dense gzip checkpoints
        List.of(
            PartitionRequest.Kind.SLICES,
            PartitionRequest.Kind.SEQUENCES,
            PartitionRequest.Kind.BASES),
        List.of(
            "compression: auto, gzip or none",
            "spacing: gzip output bytes between checkpoints with a window (default about 1,024 of"
                + " them, at least 128 KiB apart; BGZF with a .gzi: every block)"),
        FastaSliceHint.class);
  }

  @Override
  public java.util.Map<String, String> optionDefaults() {
    return java.util.Map.of("compression", "auto");
  }

  @Override
  public int detect(String name, byte[] head) {
    if (Detection.hasExtension(name, ".fasta", ".fa", ".fna", ".fas")) {
      return 2;
    }
    return head.length > 0 && head[0] == '>' ? 3 : 0;
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    FaiIndex fai;
    long dataSize;
    if (Compression.isGzip(job)
        && Compression.isBgzf(job)
        && job.readSibling(".fai", 256L << 20).isPresent()) {
      // samtools' layout for bgzipped FASTA: .fai (decompressed offsets) and .gzi next to it; no
      // pass at all
      GzipIndex gz = Compression.bgzfIndex(job);
      job.putBlob(Compression.INDEX_BLOB, gz.toBytes());
      job.putBlob(Compression.WINDOWS_BLOB, new byte[0]);
      dataSize = gz.uncompressedSize();
      FaiIndex imported = importFai(job, dataSize);
      if (imported == null) {
        throw new java.io.FileNotFoundException(
            "The .fai next to " + job.location() + " disappeared during preprocessing");
      }
      fai = imported;
    } else if (Compression.isGzip(job)) {
      FaiBuilder builder = new FaiBuilder(job.location());
      GzipIndex gz = Compression.index(job, builder);
      fai = builder.finish();
      dataSize = gz.uncompressedSize();
      job.attribute("fai", "built");
    } else {
      dataSize = job.metadata().size();
      fai = importFai(job, dataSize);
      if (fai == null) {
        FaiBuilder builder = new FaiBuilder(job.location());
        byte[] buf = new byte[BUFFER];
        long pos = 0;
        try (InputStream in = job.openObject()) {
          int n;
          while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
            builder.data(buf, 0, n);
            pos += n;
            job.progress(pos);
          }
        }
        fai = builder.finish();
        job.attribute("fai", "built");
      }
      job.attribute("compression", "none");
    }
    job.putBlob(FAI, fai.toText());
    job.summary(new FastaIndexSummary(fai.entries().size(), fai.bases(), dataSize));
  }

  /** An existing {@code <key>.fai} next to the object, if there is one and it fits the data. */
  private static @Nullable FaiIndex importFai(Preprocessing job, long dataSize) throws IOException {
    ObjectLocation faiLocation = job.location().sibling(job.location().fileName() + ".fai");
    java.util.Optional<byte[]> text = job.readSibling(".fai", 256L << 20);
    if (text.isEmpty()) {
      return null;
    }
    FaiIndex fai = FaiIndex.parse(text.get(), faiLocation, dataSize);
    job.attribute("fai", "imported " + faiLocation);
    return fai;
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionRequest request) throws IOException {
    long dataSize = index.summary(FastaIndexSummary.class).dataSize();
    FaiIndex fai = FaiIndex.parse(index.blob(FAI), index.blobLocation(FAI), dataSize);
    GzipIndex gz = Compression.read(index);
    List<Cut> cuts = cuts(fai, request);
    List<SliceSpec> specs = new ArrayList<>(cuts.size() - 1);
    for (int i = 0; i + 1 < cuts.size(); i++) {
      Cut a = cuts.get(i);
      Cut b = cuts.get(i + 1);
      long from = a.byteOffset(fai, dataSize);
      long to = i + 2 == cuts.size() ? dataSize : b.byteOffset(fai, dataSize);
      long bases = b.globalBase - a.globalBase;
      long sequences = b.sequence - a.sequence + (b.base > 0 ? 1 : 0) - (a.base > 0 ? 1 : 0);
      if (to == from && !(specs.isEmpty() && i + 2 == cuts.size())) {
        continue; // an empty slice (more slices asked than bases): none is made
      }
      GzipResume resume = null;
      ByteRange fetch = ByteRange.between(from, to);
      if (gz != null) {
        GzipResume at = Compression.resumeFor(index, gz, from);
        resume = at;
        fetch = Compression.compressedRange(gz, at, to);
      }
      if (to == from) {
        fetch = new ByteRange(fetch.offset(), 0);
      }
      String name = a.sequence < fai.entries().size() ? fai.entries().get(a.sequence).name() : "";
      specs.add(
          SliceSpec.of(
              List.of(fetch),
              new FastaSliceHint(
                  name, a.base, bases, Math.max(0, sequences), from, to - from, resume)));
    }
    return specs;
  }

  /**
   * A cut point: base {@code base} of sequence {@code sequence} (0: its header), at a global base.
   */
  private record Cut(int sequence, long base, long globalBase) {
    long byteOffset(FaiIndex fai, long dataSize) {
      if (sequence >= fai.entries().size()) {
        return dataSize;
      }
      return base == 0 ? fai.headerOffset(sequence) : fai.entries().get(sequence).byteOf(base);
    }
  }

  static List<Cut> cuts(FaiIndex fai, PartitionRequest request) {
    List<FaiIndex.Entry> entries = fai.entries();
    long total = fai.bases();
    long[] starts = new long[entries.size() + 1];
    for (int i = 0; i < entries.size(); i++) {
      starts[i + 1] = starts[i] + entries.get(i).length();
    }
    List<Cut> cuts = new ArrayList<>();
    cuts.add(new Cut(0, 0, 0));
    if (request instanceof PartitionRequest.WholeSequences sequences) {
      long value = sequences.count();
      int previous = 0;
      for (long k = 1; k < value; k++) {
        long target = (long) ((double) total * k / value);
        int s = previous;
        while (s < entries.size() && starts[s + 1] <= target) {
          s++;
        }
        // the sequence boundary nearest the target
        if (s < entries.size() && target - starts[s] > starts[s + 1] - target) {
          s++;
        }
        s = Math.max(s, previous);
        cuts.add(new Cut(s, 0, starts[Math.min(s, entries.size())]));
        previous = s;
      }
    } else if (request instanceof PartitionRequest.BasesPerSlice
        || request instanceof PartitionRequest.Slices) {
      boolean byBases = request instanceof PartitionRequest.BasesPerSlice;
      long value =
          byBases
              ? ((PartitionRequest.BasesPerSlice) request).bases()
              : ((PartitionRequest.Slices) request).count();
      long per = byBases ? value : Math.max(1, (total + value - 1) / value);
      long n = byBases ? Math.max(1, (total + per - 1) / per) : value;
      if (n > PartitionRequest.MAX_SLICES) {
        throw new IllegalArgumentException("Too many slices: " + n);
      }
      int s = 0;
      for (long k = 1; k < n; k++) {
        long g = Math.min(total, per * k);
        while (s < entries.size() && starts[s + 1] <= g) {
          s++;
        }
        cuts.add(new Cut(s, g - starts[Math.min(s, entries.size())], g));
      }
    } else {
      throw new IllegalArgumentException("FASTA cannot be cut by '" + request.kind().id() + "'");
    }
    cuts.add(new Cut(entries.size(), 0, total));
    return cuts;
  }

  private static InputStream openData(SliceContext slice) throws IOException {
    FastaSliceHint hint = slice.hint(FastaSliceHint.class);
    return Compression.openCut(slice, hint.gzip(), hint.dataOffset(), hint.dataLength());
  }

  @Override
  public InputStream newContentStream(SliceContext slice) throws IOException {
    return openData(slice);
  }

  @Override
  public RecordReader<FastaFragment> newRecordReader(SliceContext slice) throws IOException {
    FastaSliceHint hint = slice.hint(FastaSliceHint.class);
    InputStream in = openData(slice);
    return new FragmentReader(in, hint, slice.slice());
  }

  @Override
  public Map<String, Long> summarize(SliceContext slice) throws IOException {
    long sequences = 0;
    long bases = 0;
    try (RecordReader<FastaFragment> reader = newRecordReader(slice)) {
      while (reader.advance()) {
        if (reader.current().start() == 0) {
          sequences++;
        }
        bases += reader.current().bases().length();
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("records", sequences);
    out.put("bases", bases);
    return out;
  }

  /** Splits a slice's bytes into fragments: a header line starts a new one. */
  private static final class FragmentReader implements RecordReader<FastaFragment> {
    private final InputStream in;
    private final FastaSliceHint hint;
    private final DataSlice slice;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean atLineStart;
    private @Nullable String name;
    private long start;
    private @Nullable FastaFragment current;
    private long basesRead;

    FragmentReader(InputStream in, FastaSliceHint hint, DataSlice slice) {
      this.in = in;
      this.hint = hint;
      this.slice = slice;
      this.name = hint.start() > 0 ? hint.name() : null;
      this.start = hint.start();
      this.atLineStart = hint.start() == 0;
    }

    @Override
    public boolean advance() throws IOException {
      StringBuilder bases = new StringBuilder();
      String fragmentName = name;
      long fragmentStart = start;
      boolean haveFragment = fragmentName != null;
      while (true) {
        if (pos == limit) {
          limit = in.readNBytes(buf, 0, buf.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            if (fragmentName != null && (haveFragment || bases.length() > 0)) {
              name = null;
              return emit(fragmentName, fragmentStart, bases);
            }
            if (basesRead != hint.bases()) {
              throw new MalformedDataException(
                  "Slice "
                      + slice.index()
                      + " of "
                      + slice.location()
                      + " holds "
                      + basesRead
                      + " bases, but its index says "
                      + hint.bases()
                      + " (corrupted index?)");
            }
            return false;
          }
        }
        if (atLineStart && buf[pos] == '>') {
          // a header: finish the fragment so far, then read the name
          if (fragmentName != null && (haveFragment || bases.length() > 0)) {
            name = null;
            atLineStart = true;
            return emit(fragmentName, fragmentStart, bases);
          }
          fragmentName = readHeaderName();
          fragmentStart = 0;
          haveFragment = true;
          continue;
        }
        int b = buf[pos++];
        if (b == '\n') {
          atLineStart = true;
        } else {
          atLineStart = false;
          if (b != '\r') {
            bases.append((char) (b & 0xff));
          }
        }
      }
    }

    private boolean emit(String n, long s, StringBuilder bases) {
      current = new FastaFragment(n, s, bases.toString());
      basesRead += bases.length();
      return true;
    }

    /** Reads a header line from '>' through its newline; returns the first word. */
    private String readHeaderName() throws IOException {
      StringBuilder line = new StringBuilder();
      pos++; // '>'
      while (true) {
        if (pos == limit) {
          limit = in.readNBytes(buf, 0, buf.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            break;
          }
        }
        int b = buf[pos++];
        if (b == '\n') {
          break;
        }
        if (line.length() < 4096) {
          line.append((char) (b & 0xff));
        }
      }
      atLineStart = true;
      String text = line.toString().trim();
      int space = 0;
      while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
        space++;
      }
      return text.substring(0, space);
    }

    @Override
    public FastaFragment current() {
      return RecordReader.requireCurrent(current);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
