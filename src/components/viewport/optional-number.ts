/** A number attribute whose absence, emptiness or non-number means unset (Lit's Number converter makes "" 0). */
export const optionalNumber = {
  fromAttribute(value: string | null): number | undefined {
    if (value === null || value.trim() === '') return undefined;
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  },
};
