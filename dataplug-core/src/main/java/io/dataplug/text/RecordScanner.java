package io.dataplug.text;

/**
 * Finds where records end in a byte stream fed in chunks; state carries over between calls, so
 * records may span chunks. A record ends at a {@code '\n'} the scanner chooses (for CSV, one that
 * is not inside a quoted field; for FASTQ, the one after the last quality line).
 *
 * <p>One instance scans one stream. Syntax errors are thrown as {@link RecordSyntaxException} with
 * the index in the chunk where they were found; callers add the object and the offset.
 */
public interface RecordScanner {
  /**
   * @return the index of the {@code '\n'} that ends the current record within {@code buf[from,
   *     to)}, or -1 if the record goes on past {@code to}
   * @throws RecordSyntaxException if the bytes cannot be this format
   */
  int findRecordEnd(byte[] buf, int from, int to);

  /**
   * At the end of the data: checks what follows the last record end.
   *
   * @param pending whether bytes follow the last record end
   * @return true if those bytes are one more record (one without a final newline)
   * @throws RecordSyntaxException (index -1) if they are an unfinished record
   */
  default boolean finish(boolean pending) {
    return pending;
  }

  /** Counters the scanner kept over the records it found (e.g. {@code bases} for FASTQ). */
  default java.util.Map<String, Long> counters() {
    return java.util.Map.of();
  }

  /** A syntax error at index {@code index} of the chunk being scanned (-1: at the end). */
  final class RecordSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public RecordSyntaxException(String problem, int index) {
      super(problem);
      this.index = index;
    }

    public int index() {
      return index;
    }
  }

  /** Plain lines: every {@code '\n'} ends a record. */
  static RecordScanner lines() {
    return (buf, from, to) -> {
      for (int i = from; i < to; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      return -1;
    };
  }

  /** CSV records: a {@code '\n'} inside a quoted field belongs to the field. */
  static RecordScanner csv(byte separator, byte quote) {
    return new CsvScanner(separator, quote);
  }

  /**
   * The CSV state machine (RFC 4180, leniently): a quote opens a quoted field only at the start of
   * a field; inside one, a doubled quote is a literal quote and a single quote closes it. Text
   * after a closing quote, up to the next separator, is kept as unquoted text.
   */
  final class CsvScanner implements RecordScanner {
    static final int FIELD_START = 0;
    static final int UNQUOTED = 1;
    static final int QUOTED = 2;
    static final int QUOTE_IN_QUOTED = 3;

    private final byte separator;
    private final byte quote;
    private int state = FIELD_START;

    CsvScanner(byte separator, byte quote) {
      this.separator = separator;
      this.quote = quote;
    }

    /**
     * The state after byte {@code b} in state {@code s}. A newline ends the record unless it is in
     * a quoted field ({@code s == QUOTED}); after it the state is {@code FIELD_START}.
     */
    static int step(int s, byte b, byte separator, byte quote) {
      switch (s) {
        case QUOTED:
          return b == quote ? QUOTE_IN_QUOTED : QUOTED;
        case QUOTE_IN_QUOTED:
          if (b == quote) {
            return QUOTED;
          }
        // fall through: the quoted field has closed
        default:
          if (b == '\n' || b == separator) {
            return FIELD_START;
          }
          return b == quote && s == FIELD_START ? QUOTED : UNQUOTED;
      }
    }

    @Override
    public int findRecordEnd(byte[] buf, int from, int to) {
      int s = state;
      for (int i = from; i < to; i++) {
        byte b = buf[i];
        if (b == '\n' && s != QUOTED) {
          state = FIELD_START;
          return i;
        }
        s = step(s, b, separator, quote);
      }
      state = s;
      return -1;
    }

    @Override
    public boolean finish(boolean pending) {
      if (state == QUOTED) {
        throw new RecordSyntaxException("a quoted field is never closed", -1);
      }
      return pending;
    }
  }
}
