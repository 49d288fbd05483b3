/** Text files bundled into the build (vite `?raw`), e.g. the python kernel driver. */
declare module '*?raw' {
  const text: string;
  export default text;
}
