/**
 * Why a targeting pattern (`$regex`, `$regexi`) could make a backtracking engine take exponential time, if it
 * could; undefined when it is safe to run. Refused, because no linear-time engine runs them:
 * backreferences (`\1`, `\k<name>`), lookarounds (`(?=`, `(?!`, `(?<=`, `(?<!`), a repeated group that itself
 * repeats or has alternatives (`(a+)+`, `(a|ab)*`, `(\w+\s?)+`), and patterns over 500 characters. Everything
 * else is left exactly as GrowthBook runs it. See https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
 */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  const groups: Group[] = [{ repeats: false, alternates: false }];
  let lastGroup: Group | undefined;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    const atomGroup = lastGroup;
    lastGroup = undefined;
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[index + 2] === '<'))
        return 'uses a backreference, which can take exponential time: match without it';
      index++;
    } else if (char === '[') {
      index = classEnd(pattern, index);
    } else if (char === '(') {
      if (/^\(\?(?:=|!|<=|<!)/.test(pattern.slice(index, index + 4)))
        return 'uses a lookaround ((?=, (?!, (?<=, (?<!), which targeting patterns do not support';
      groups.push({ repeats: false, alternates: false });
    } else if (char === ')') {
      const closed = groups.length > 1 ? groups.pop()! : undefined;
      if (closed) {
        groups[groups.length - 1]!.repeats ||= closed.repeats;
        groups[groups.length - 1]!.alternates ||= closed.alternates;
        lastGroup = closed;
      }
    } else if (char === '|') {
      groups[groups.length - 1]!.alternates = true;
    } else {
      const quantifier = quantifierAt(pattern, index);
      if (!quantifier) continue;
      if (quantifier.repeats && atomGroup && (atomGroup.repeats || atomGroup.alternates)) {
        return `repeats a group that ${atomGroup.repeats ? 'itself repeats' : 'has alternatives'} (like (a+)+ or (a|ab)*), which can take exponential time: use a character class or drop the outer repeat`;
      }
      groups[groups.length - 1]!.repeats = true;
      index = quantifier.end;
      if (pattern[index + 1] === '?') index++;
    }
  }
  return undefined;
}

/** Longest pattern accepted: targeting patterns are short; long ones are where hidden blow-ups live. */
export const MAX_PATTERN_LENGTH = 500;

interface Group {
  repeats: boolean;
  alternates: boolean;
}

/** The index of the `]` closing the character class opened at `start` (JS: a `]` right after `[` or `[^` closes it). */
function classEnd(pattern: string, start: number): number {
  for (let index = start + 1; index < pattern.length; index++) {
    if (pattern[index] === '\\') index++;
    else if (pattern[index] === ']') return index;
  }
  return pattern.length;
}

/** The quantifier starting at `index` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), whether it can repeat, and where it ends. */
function quantifierAt(pattern: string, index: number): { repeats: boolean; end: number } | undefined {
  const char = pattern[index];
  if (char === '*' || char === '+') return { repeats: true, end: index };
  if (char === '?') return { repeats: false, end: index };
  if (char !== '{') return undefined;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (!braces) return undefined;
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] ? Number(braces[3]) : Infinity;
  return { repeats: max > 1, end: index + braces[0].length - 1 };
}
