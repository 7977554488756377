/** A progress line of the scale part, on the bench's console. */
export const logScale = (line: string) => console.log(`  scale: ${line}`);
