// What --area and --case select of a profile's cases (shared by `run` and by `list`'s preview,
// which must not load the engine to compute it).
export function selectCases<C extends { id: string; area: string }>(all: readonly C[], areas?: readonly string[], ids?: readonly string[]): C[] {
  return all.filter((c) => (!areas?.length || areas.includes(c.area)) && (!ids?.length || ids.includes(c.id)));
}
