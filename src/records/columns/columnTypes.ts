/** A numeric column: NaN marks a missing value. */
export interface NumCol {
  kind: "num";
  values: Float64Array;
}
/** A categorical column, dictionary-encoded: -1 marks a missing value. */
export interface CatCol {
  kind: "cat";
  codes: Int32Array;
  dict: string[];
}
/** One column of a table. */
export type Column = NumCol | CatCol;
/** A table read column by column (what drift needs: typed arrays, no row objects kept). */
export interface Columns {
  rows: number;
  names: string[];
  cols: Map<string, Column>;
}
