/** True when a text has a line starting with `<` × markerSize and one with `>` × markerSize. */
export function hasConflictMarkers(text: Buffer | string, markerSize: number): boolean {
  const at = (c: string) => {
    const m = c.repeat(markerSize);
    return text.indexOf(m) === 0 || text.indexOf(`\n${m}`) !== -1;
  };
  return at("<") && at(">");
}
