package io.dataplug.text;

/**
 * Finds where records end in a byte stream fed in chunks. A record ends at a {@code '\n'} that is
 * not inside a quoted field; state carries over between calls, so records may span chunks.
 */
interface RecordScanner {
  /**
   * @return the index of the {@code '\n'} that ends the current record within {@code buf[from,
   *     to)}, or -1 if the record goes on past {@code to}
   */
  int findRecordEnd(byte[] buf, int from, int to);

  /** Whether the bytes fed since the last record end leave a quoted field open. */
  boolean insideQuotes();

  /** Plain lines: every {@code '\n'} ends a record. */
  static RecordScanner lines() {
    return new RecordScanner() {
      @Override
      public int findRecordEnd(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
          if (buf[i] == '\n') {
            return i;
          }
        }
        return -1;
      }

      @Override
      public boolean insideQuotes() {
        return false;
      }
    };
  }

  /** CSV records: a {@code '\n'} inside a quoted field belongs to the field. */
  static RecordScanner csv(byte separator, byte quote) {
    return new CsvScanner(separator, quote);
  }

  /**
   * The CSV state machine (RFC 4180, leniently): a quote opens a quoted field only at the start of
   * a field; inside one, a doubled quote is a literal quote and a single quote closes it. Text after
   * a closing quote, up to the next separator, is kept as unquoted text.
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

    @Override
    public int findRecordEnd(byte[] buf, int from, int to) {
      int s = state;
      for (int i = from; i < to; i++) {
        byte b = buf[i];
        switch (s) {
          case QUOTED:
            if (b == quote) {
              s = QUOTE_IN_QUOTED;
            }
            break;
          case QUOTE_IN_QUOTED:
            if (b == quote) {
              s = QUOTED;
              break;
            }
            // fall through: the quoted field has closed
          default:
            if (b == '\n') {
              state = FIELD_START;
              return i;
            } else if (b == separator) {
              s = FIELD_START;
            } else if (b == quote && s == FIELD_START) {
              s = QUOTED;
            } else {
              s = UNQUOTED;
            }
        }
      }
      state = s;
      return -1;
    }

    @Override
    public boolean insideQuotes() {
      return state == QUOTED;
    }
  }
}
