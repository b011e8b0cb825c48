// axios ships its Node http adapter (package export "./lib/adapters/http.js") without types;
// src/core/api/httpLoader.ts says what we pass it.
declare module 'axios/lib/adapters/http.js' {
  const httpAdapter: (config: object) => Promise<import('axios').AxiosResponse>;
  export default httpAdapter;
}
