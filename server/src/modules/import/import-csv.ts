/** One CSV record with the file line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Reads RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF
 * line ends; a leading byte-order mark is dropped; blank lines are skipped. Returns null when a
 * quote is left open, since nothing after it can be trusted to mean what it says. Stops after
 * `maxRecords` + 1 records, so a caller that refuses more than `maxRecords` never holds the rest.
 */
export function readCsv(text: string, maxRecords = Number.POSITIVE_INFINITY): CsvRecord[] | null {
  const records: CsvRecord[] = [];
  const source = text.replace(/^\uFEFF/, "");
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  const endRecord = () => {
    fields.push(field);
    if (touched || fields.length > 1 || field !== "") records.push({ line: start, fields });
    fields = [];
    field = "";
    touched = false;
  };
  for (let i = 0; i < source.length; i++) {
    if (records.length > maxRecords) return records;
    const c = source[i];
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      touched = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      touched = true;
    } else if (c === "\n" || (c === "\r" && source[i + 1] === "\n")) {
      if (c === "\r") i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) return null;
  if (touched || field !== "" || fields.length) endRecord();
  return records;
}
