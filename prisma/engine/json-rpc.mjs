/**
 * Newline-delimited JSON-RPC 2.0 over stdio, as spoken between the Prisma
 * CLI and a schema engine process: the CLI sends requests on our stdin and
 * reads responses from our stdout; the engine may itself send requests to the
 * CLI (e.g. `print`) and read the CLI's responses from stdin.
 */
import { createInterface } from 'node:readline'

/**
 * @typedef {(method: string, params: any) => Promise<any>} RequestHandler
 * @typedef {(error: unknown) => { code: number, message: string, data?: unknown }} ErrorMapper
 */

/**
 * One end of the stdio JSON-RPC connection. Incoming requests are handled one
 * at a time, in arrival order (the engine is not re-entrant); responses to our
 * own outgoing requests are dispatched immediately, even while a handler runs.
 */
export class JsonRpcPeer {
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
  #pending = new Map()
  #nextId = 1
  /** @type {Promise<void>} */
  #queue = Promise.resolve()
  #output
  #handle
  #mapError

  /**
   * @param {object} options
   * @param {NodeJS.WritableStream} options.output  where messages are written (stdout)
   * @param {RequestHandler} options.handle  serves one incoming request
   * @param {ErrorMapper} options.mapError  turns a handler failure into a JSON-RPC error object
   */
  constructor({ output, handle, mapError }) {
    this.#output = output
    this.#handle = handle
    this.#mapError = mapError
  }

  /**
   * Reads messages from `input` until it ends; resolves once every request
   * received so far has been answered.
   *
   * @param {NodeJS.ReadableStream} input
   * @returns {Promise<void>}
   */
  async serve(input) {
    const lines = createInterface({ input, crlfDelay: Infinity })
    for await (const line of lines) {
      if (line.trim() !== '') this.#receive(line)
    }
    for (const { reject } of this.#pending.values()) reject(new Error('The client closed the connection'))
    this.#pending.clear()
    await this.idle()
  }

  /**
   * Resolves when no incoming request is being handled.
   *
   * @returns {Promise<void>}
   */
  idle() {
    return this.#queue
  }

  /**
   * Sends a request to the client and resolves with its `result`.
   *
   * @param {string} method
   * @param {unknown} params
   * @returns {Promise<any>}
   */
  request(method, params) {
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#send({ jsonrpc: '2.0', id, method, params })
    })
  }

  /** @param {string} line */
  #receive(line) {
    let message
    try {
      message = JSON.parse(line)
    } catch {
      this.#send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } })
      return
    }
    if (message.method === undefined && message.id !== undefined && this.#pending.has(message.id)) {
      const waiter = this.#pending.get(message.id)
      this.#pending.delete(message.id)
      if (message.error) waiter?.reject(Object.assign(new Error(message.error.message ?? 'RPC error'), { rpc: message.error }))
      else waiter?.resolve(message.result)
      return
    }
    if (typeof message.method !== 'string') return
    this.#queue = this.#queue.then(() => this.#serveRequest(message))
  }

  /** @param {{ id?: unknown, method: string, params?: unknown }} request */
  async #serveRequest(request) {
    const isNotification = request.id === undefined
    try {
      const result = await this.#handle(request.method, request.params)
      if (!isNotification) this.#send({ jsonrpc: '2.0', id: request.id, result: result === undefined ? {} : result })
    } catch (error) {
      if (!isNotification) this.#send({ jsonrpc: '2.0', id: request.id, error: this.#mapError(error) })
    }
  }

  /** @param {object} message */
  #send(message) {
    this.#output.write(`${JSON.stringify(message)}\n`)
  }
}
