/**
 * A tagPattern as a regular expression: `{n}` is a number, `{prefix}` any name without spaces
 * (so `{prefix}-{n}` accepts resnet-3 and team/model-12), `{branch}` the branch's last segment
 * (any segment when no branch is given).
 */
export function tagRegExp(pattern: string, branch?: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const src = pattern
    .split(/(\{n\}|\{prefix\}|\{branch\})/)
    .map((part) =>
      part === "{n}"
        ? "[0-9]+"
        : part === "{prefix}"
          ? "[^\\s]+?"
          : part === "{branch}"
            ? branch === undefined
              ? "[^\\s/]+"
              : esc(branch.replace(/^.*\//, ""))
            : esc(part),
    )
    .join("");
  return new RegExp(`^${src}$`);
}
