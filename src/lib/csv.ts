// CSV for spreadsheets, the one way the portal writes it (the concerns export, the ward priorities'
// open data): a header row, a byte-order mark so Excel reads UTF-8, and every cell a spreadsheet
// would run as a formula (starting = + - @, a tab or a carriage return) given a leading apostrophe
// (csv-stringify's `escape_formulas`).
import { stringify } from 'csv-stringify/sync';

export interface CsvColumn<Row> {
  key: keyof Row & string;
  header: string;
}

export function toCsv<Row extends object>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  return stringify([...rows], { header: true, bom: true, escape_formulas: true, columns: [...columns] });
}
