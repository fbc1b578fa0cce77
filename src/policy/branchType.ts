// Resolution lives in config/ so the merge drivers (below policy/) use the same one.
export { resolveBranchType } from "../config/branchType.js";
