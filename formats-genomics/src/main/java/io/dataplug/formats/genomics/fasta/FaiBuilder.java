package io.dataplug.formats.genomics.fasta;

import io.dataplug.codec.gzip.GzipIndexer;
import io.dataplug.storage.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link FaiIndex} from the (decompressed) FASTA stream in one pass, with samtools faidx's
 * rules: the data starts with {@code >}; a sequence's name is the first word of its header; all of
 * its lines but the last have the same length. CRLF line ends count in the line width.
 */
final class FaiBuilder implements GzipIndexer.Listener {
  private final Object source;
  private final List<FaiIndex.Entry> entries = new ArrayList<>();

  private long position;
  // the line being read
  private long lineStart;
  private long lineLength;
  private boolean inHeader;
  private boolean lastCr;
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private boolean sawAnything;
  // the sequence being read
  private @Nullable String name;
  private long length;
  private long offset = -1;
  private int lineBases = -1;
  private int lineWidth = -1;
  private boolean shortLineSeen;
  private long sequences;

  FaiBuilder(Object source) {
    this.source = source;
  }

  @Override
  public void data(byte[] buf, int off, int len) throws MalformedDataException {
    int end = off + len;
    int i = off;
    while (i < end) {
      if (lineLength == 0 && !inHeader) {
        // at a line start
        if (buf[i] == '>') {
          finishSequence();
          inHeader = true;
          header.reset();
          sawAnything = true;
        } else if (!sawAnything && buf[i] != '\n' && buf[i] != '\r') {
          throw MalformedDataException.at(
              "fasta", source, position + (i - off), "a FASTA file must start with '>'");
        }
        lineStart = position + (i - off);
      }
      int nl = i;
      while (nl < end && buf[nl] != '\n') {
        nl++;
      }
      if (inHeader && header.size() < 4096) {
        header.write(buf, i, Math.min(nl - i, 4096 - header.size()));
      }
      if (nl > i) {
        lastCr = buf[nl - 1] == '\r';
      }
      lineLength += nl - i;
      if (nl == end) {
        break;
      }
      endLine(lineLength + 1, lastCr);
      lineLength = 0;
      lastCr = false;
      i = nl + 1;
    }
    position += len;
  }

  /** A complete line of {@code width} bytes (newline included). */
  private void endLine(long width, boolean cr) throws MalformedDataException {
    long bases = width - 1 - (cr ? 1 : 0);
    if (inHeader) {
      String text = header.toString(StandardCharsets.ISO_8859_1).substring(1).trim();
      int space = 0;
      while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
        space++;
      }
      name = text.substring(0, space);
      inHeader = false;
      length = 0;
      offset = lineStart + width;
      lineBases = -1;
      lineWidth = -1;
      shortLineSeen = false;
      sequences++;
      return;
    }
    if (name == null) {
      return; // blank lines before the first header
    }
    if (bases == 0) {
      shortLineSeen = true; // a blank line ends the sequence's lines
      return;
    }
    if (lineBases < 0) {
      lineBases = (int) bases;
      lineWidth = (int) width;
    } else if (shortLineSeen || bases > lineBases) {
      throw MalformedDataException.at(
          "fasta",
          source,
          lineStart,
          "different line length in sequence '"
              + name
              + "' (samtools faidx needs equal line lengths)");
    } else if (bases < lineBases) {
      shortLineSeen = true;
    }
    length += bases;
  }

  private void finishSequence() {
    if (name != null) {
      int lb = lineBases < 0 ? 0 : lineBases;
      int lw = lineWidth < 0 ? 0 : lineWidth;
      entries.add(new FaiIndex.Entry(name, length, offset, lb, lw));
      name = null;
    }
  }

  FaiIndex finish() throws MalformedDataException {
    if (lineLength > 0) {
      endLine(lineLength + 1, lastCr); // a last line without newline
      lineLength = 0;
    }
    if (inHeader) {
      endLine(1, false);
    }
    finishSequence();
    if (!sawAnything && position > 0) {
      throw MalformedDataException.at("fasta", source, 0, "a FASTA file must start with '>'");
    }
    return new FaiIndex(entries);
  }
}
