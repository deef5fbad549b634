// The grammar of media types and their parameters (RFC 9110 §5.6.6, §8.3.1): `type/subtype; name=value; name="a
// quoted; value"`. One reader for the data layer's multipart answers and the server's Accept and Content-Type
// headers, so both read quoted values (Orthanc's `type="application/octet-stream; transfer-syntax=…"`) the same way.

export interface MediaType {
  /** Lower case, e.g. `multipart/related`. */
  mediaType: string;
  /** Parameter names lower case; values unquoted and unescaped. */
  parameters: Record<string, string>;
}

/** Splits on `separator` outside double quotes (a backslash escapes a character inside them). */
export function splitOutsideQuotes(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === '"') quoted = !quoted;
    if (character === '\\' && quoted && index + 1 < text.length) {
      current += character + text[++index];
      continue;
    }
    if (character === separator && !quoted) {
      pieces.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  pieces.push(current);
  return pieces;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
  return trimmed;
}

/** A media type and its parameters; a parameter without `=` is left out. */
export function parseMediaType(text: string): MediaType {
  const [typePart, ...parameterParts] = splitOutsideQuotes(text, ';');
  const parameters: Record<string, string> = {};
  for (const parameter of parameterParts) {
    const equals = parameter.indexOf('=');
    if (equals < 0) continue;
    parameters[parameter.slice(0, equals).trim().toLowerCase()] = unquote(parameter.slice(equals + 1));
  }
  return { mediaType: (typePart ?? '').trim().toLowerCase(), parameters };
}

/** The value of a parameter of a media type (`boundary`, `type`, `transfer-syntax`), unquoted. */
export function mediaTypeParameter(mediaType: string, name: string): string | undefined {
  return parseMediaType(mediaType).parameters[name.toLowerCase()];
}
