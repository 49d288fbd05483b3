// Preloaded into the Portkey gateway (`node --import`): it listens on every interface by
// default and has no flag for the address, so every listen is pinned to 127.0.0.1 here.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'object' && args[0] !== null) args[0] = { ...args[0], host: '127.0.0.1' };
  else if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    args = [{ port: Number(args[0]), host: '127.0.0.1' }, ...(callback ? [callback] : [])];
  }
  return listen.apply(this, args);
};
