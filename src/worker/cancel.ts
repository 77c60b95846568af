export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
  }
}
