/* Parley: runs TeaVM 0.16's Wasm-GC runtime without eval, so that the worker's CSP needs no 'unsafe-eval'.

   The runtime builds its JavaScript glue with `new Function(...)`: a handful of fixed templates (calling a
   function, a method or a constructor with N arguments, reading a global, ...) and one function per @JSBody of
   the Java code. This file replaces the worker's `Function` with a stand-in that returns, for each template, an
   equivalent closure, and for each @JSBody the function precompiled in wasm-jsbody.js (generated from the build by
   WasmGlueTest, which fails when it is out of date). Any other code string is refused, as CSP would refuse it.
   Loaded by worker-loader.js before wasm-gc-runtime.min.js, only for the Wasm-GC build. */
'use strict';
(function () {
  var bodies = self.parleyJsBodies || {};
  var Original = self.Function;
  var IDENT_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

  function lookup(path) {
    var parts = path.split('.'), value = self;
    for (var idx = 0; idx < parts.length; idx++) value = value[parts[idx]];
    return value;
  }

  function refuse(text) {
    throw new EvalError('Parley: code from strings is not allowed in this worker: ' + String(text).slice(0, 80));
  }

  /* "p0, p1, ...p2" -> {count: 3, vararg: true} */
  function paramsOf(body) {
    var match = /^return function(?: [\w$]+)?\(([^)]*)\)/.exec(body);
    if (!match) return null;
    var list = match[1].trim() === '' ? [] : match[1].split(',');
    var vararg = list.length > 0 && list[list.length - 1].trim().indexOf('...') === 0;
    return {count: list.length, vararg: vararg};
  }

  function spread(args, shape) {
    var fixed = Array.prototype.slice.call(args, 0, shape.vararg ? shape.count - 1 : shape.count);
    if (shape.vararg) fixed.push(Array.prototype.slice.call(args, shape.count - 1));
    return fixed;
  }

  function Stand(/* ...names, body */) {
    var names = Array.prototype.slice.call(arguments, 0, arguments.length - 1).map(String);
    var body = arguments.length > 0 ? String(arguments[arguments.length - 1]) : '';
    var first = names[0];
    var read = /^return (.+);$/.exec(body);
    if (names.length === 0 && read && IDENT_PATH.test(read[1])) {
      var path = read[1];
      return function () { return lookup(path); };
    }
    if (names.length === 1 && first === 'value') {
      var assign = /^(.+) = value;$/.exec(body);
      if (assign && IDENT_PATH.test(assign[1])) {
        var target = assign[1].split('.');
        return function (value) {
          var holder = target.length === 1 ? self : lookup(target.slice(0, -1).join('.'));
          holder[target[target.length - 1]] = value;
        };
      }
    }
    if (names.length === 2 && first === 'rethrowJavaAsJs' && names[1] === 'fn') {
      var shape = paramsOf(body);
      if (shape) {
        var withThis = body.indexOf('fn(this') >= 0;
        return function (rethrow, fn) {
          return function () {
            try {
              var args = spread(arguments, shape);
              return withThis ? fn.apply(null, [this].concat(args)) : fn.apply(null, args);
            } catch (e) {
              rethrow(e);
            }
          };
        };
      }
    }
    if (names.length === 1 && first === 'constructor' && /^return function [\w$]+\(marker, javaObject\)/.test(body)) {
      return function (constructor) {
        return function (marker, javaObject) { return constructor.call(this, marker, javaObject); };
      };
    }
    if (first === 'wrapCallFromJavaToJs' && names[names.length - 1] === 'body'
        && body.indexOf("return new Function('wrapCallFromJavaToJs'") === 0) {
      // createFunctionN: the @JSBody functions, looked up by their parameter names and code.
      return function (wrap) {
        var given = Array.prototype.slice.call(arguments, 1).map(String);
        var code = given.pop();
        var key = given.join(',') + '\n' + code;
        var fn = Object.prototype.hasOwnProperty.call(bodies, key) ? bodies[key] : null;
        if (fn === null) refuse(code);
        return fn.bind(this, wrap);
      };
    }
    if (first === 'rethrowJsAsJava' && names[1] === 'fn' && body.indexOf('try {') === 0) {
      return function (rethrow, fn) {
        try { return fn.apply(null, Array.prototype.slice.call(arguments, 2)); } catch (e) { rethrow(e); }
      };
    }
    if (first === 'rethrowJsAsJava' && names[1] === 'getGlobalName' && names[2] === 'instance') {
      return function (rethrow, getGlobalName, instance, method) {
        var args = Array.prototype.slice.call(arguments, 4);
        try {
          return instance !== null ? instance[method].apply(instance, args) : getGlobalName(method).apply(null, args);
        } catch (e) {
          rethrow(e);
        }
      };
    }
    if (first === 'rethrowJsAsJava' && names[1] === 'constructor') {
      return function (rethrow, Ctor) {
        var args = Array.prototype.slice.call(arguments, 2);
        try { return new (Function.prototype.bind.apply(Ctor, [null].concat(args)))(); } catch (e) { rethrow(e); }
      };
    }
    if (/^return \[[\w$, ]*\]$/.test(body)) {
      return function () { return Array.prototype.slice.call(arguments); };
    }
    return refuse(body);
  }

  Stand.prototype = Original.prototype;
  Object.defineProperty(self, 'Function', {value: Stand, writable: false, configurable: false, enumerable: false});
})();
