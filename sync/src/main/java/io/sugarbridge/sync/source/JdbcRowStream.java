package io.sugarbridge.sync.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A {@link RowStream} over an open JDBC result. It keeps no row once handed out: the only state is
 * the cursor, so memory is bounded by the driver's fetch size. Each column gets its value reader
 * once, from the result's metadata, so per-row work is one call per cell.
 */
final class JdbcRowStream implements RowStream {

  /** Reads one cell and returns it as one of the types {@link SourceRow} allows. */
  @FunctionalInterface
  interface ValueReader {
    Object read(ResultSet resultSet, int index) throws SQLException;
  }

  /** Runs once the cursor is exhausted, to confirm that the end is the real end. */
  @FunctionalInterface
  interface EndCheck {
    void verify(long rowsRead);
  }

  private final Connection connection;
  private final Statement statement;
  private final ResultSet resultSet;
  private final String setting;
  private final SourceSpec spec;
  private final EndCheck endCheck;
  private final List<String> columns;
  private final ValueReader[] readers;
  private long rowNumber;
  private boolean advanced;
  private boolean hasRow;
  private boolean closed;

  JdbcRowStream(
      Connection connection,
      Statement statement,
      ResultSet resultSet,
      String setting,
      SourceSpec spec,
      EndCheck endCheck)
      throws SQLException {
    this.connection = connection;
    this.statement = statement;
    this.resultSet = resultSet;
    this.setting = setting;
    this.spec = spec;
    this.endCheck = endCheck;
    ResultSetMetaData meta = resultSet.getMetaData();
    this.columns = columnNames(meta, setting);
    this.readers = new ValueReader[columns.size()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = readerFor(meta, i + 1);
    }
  }

  static List<String> columnNames(ResultSetMetaData meta, String setting) throws SQLException {
    int count = meta.getColumnCount();
    List<String> names = new ArrayList<>(count);
    Set<String> seen = new HashSet<>();
    for (int i = 1; i <= count; i++) {
      String label = meta.getColumnLabel(i);
      String name = (label == null || label.isEmpty() ? meta.getColumnName(i) : label);
      name = name.toLowerCase(Locale.ROOT);
      if (!seen.add(name)) {
        // Rows are keyed by column name, so a second column of the same name would silently hide
        // the first.
        throw new SourceException(
            setting,
            "the result has two columns named '"
                + name
                + "' (names are compared ignoring case); give each column its own name with"
                + " 'as', e.g. select a.id as account_id, c.id as contact_id.");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    if (!advanced) {
      try {
        hasRow = resultSet.next();
      } catch (SQLException e) {
        close();
        throw readFailed(rowNumber + 1, e);
      }
      advanced = true;
      if (!hasRow) {
        finish();
      }
    }
    return hasRow;
  }

  @Override
  public SourceRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the source has no more rows");
    }
    advanced = false;
    long number = ++rowNumber;
    Map<String, Object> values = new LinkedHashMap<>(columns.size() * 2);
    int index = 0;
    try {
      for (; index < readers.length; index++) {
        values.put(columns.get(index), readers[index].read(resultSet, index + 1));
      }
    } catch (SQLException | RuntimeException e) {
      if (e instanceof SourceException se) {
        throw se;
      }
      close();
      throw new SourceException(
          setting,
          "could not read column '"
              + columns.get(index)
              + "' of row "
              + number
              + ": "
              + SourceErrors.scrub(e.getMessage(), spec)
              + ". Cast the column to a plain type (text, number, date, timestamp) in the query.",
          SourceErrors.causeUnlessLeaky(e, spec),
          false);
    }
    return new SourceRow(number, values);
  }

  private SourceException readFailed(long number, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean connectionLost = state.startsWith("08");
    return new SourceException(
        connectionLost ? "source.url" : setting,
        "reading row "
            + number
            + " failed: "
            + SourceErrors.scrub(e.getMessage(), spec)
            + (connectionLost
                ? ". The connection to the database was lost; run the sync again."
                : ". Fix the query so every row can be computed (e.g. failing casts)."),
        SourceErrors.causeUnlessLeaky(e, spec),
        connectionLost);
  }

  private void finish() {
    SourceErrors.closeQuietly(resultSet);
    SourceErrors.closeQuietly(statement);
    try {
      if (endCheck != null) {
        endCheck.verify(rowNumber);
      }
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    SourceErrors.closeQuietly(resultSet);
    SourceErrors.closeQuietly(statement);
    SourceErrors.rollbackAndClose(connection);
  }

  static ValueReader readerFor(ResultSetMetaData meta, int index) throws SQLException {
    int type = meta.getColumnType(index);
    String typeName = meta.getColumnTypeName(index);
    String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    if (name.startsWith("UBIGINT") || name.contains("HUGEINT")) {
      return (rs, i) -> normalise(rs.getObject(i));
    }
    boolean zoned = name.contains("TZ") || name.contains("TIME ZONE");
    return switch (type) {
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB ->
          ResultSet::getString;
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER ->
          (rs, i) -> {
            long value = rs.getLong(i);
            return rs.wasNull() ? null : value;
          };
      case Types.DOUBLE ->
          (rs, i) -> {
            double value = rs.getDouble(i);
            return rs.wasNull() ? null : value;
          };
      case Types.BOOLEAN -> JdbcRowStream::readBoolean;
      case Types.BIT ->
          meta.getPrecision(index) > 1 && !name.startsWith("BOOL")
              ? ResultSet::getString
              : JdbcRowStream::readBoolean;
      case Types.DATE -> (rs, i) -> rs.getObject(i, LocalDate.class);
      case Types.TIMESTAMP ->
          zoned
              ? (rs, i) -> toInstant(rs.getObject(i, OffsetDateTime.class))
              // A timestamp without zone is read as UTC wall-clock time, never the JVM's zone,
              // so the same row gives the same value on every machine.
              : (rs, i) -> {
                LocalDateTime value = rs.getObject(i, LocalDateTime.class);
                return value == null ? null : value.toInstant(ZoneOffset.UTC);
              };
      case Types.TIMESTAMP_WITH_TIMEZONE ->
          (rs, i) -> toInstant(rs.getObject(i, OffsetDateTime.class));
      // REAL/FLOAT: drivers disagree on what FLOAT means (DuckDB: 4 bytes, JDBC: 8 bytes), so
      // the value's own class decides, and a 4-byte float keeps its decimal text (1.1, not
      // 1.100000023841858). TIME: ISO text with seconds, whatever the driver's own text
      // (DuckDB drops ":00"). DECIMAL, NUMERIC and the rest: by the value's class.
      default -> (rs, i) -> normalise(rs.getObject(i));
    };
  }

  private static Object readBoolean(ResultSet rs, int i) throws SQLException {
    boolean value = rs.getBoolean(i);
    return rs.wasNull() ? null : value;
  }

  private static Instant toInstant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  /** Maps whatever a driver returned onto the value types {@link SourceRow} promises. */
  static Object normalise(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof LocalDate
        || value instanceof Instant) {
      return value;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
    }
    if (value instanceof Float f) {
      return Double.valueOf(Float.toString(f));
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    if (value instanceof LocalDateTime dateTime) {
      return dateTime.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof OffsetDateTime dateTime) {
      return dateTime.toInstant();
    }
    if (value instanceof ZonedDateTime dateTime) {
      return dateTime.toInstant();
    }
    if (value instanceof LocalTime time) {
      return time.format(DateTimeFormatter.ISO_LOCAL_TIME);
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME);
    }
    if (value instanceof OffsetTime time) {
      return time.format(DateTimeFormatter.ISO_OFFSET_TIME);
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof java.sql.Array array) {
      try {
        Object elements = array.getArray();
        return elements instanceof Object[] objects
            ? java.util.Arrays.deepToString(objects)
            : String.valueOf(elements);
      } catch (SQLException e) {
        return array.toString();
      }
    }
    return value.toString();
  }
}
