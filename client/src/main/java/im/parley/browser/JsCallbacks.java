package im.parley.browser;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** Functional interfaces that JavaScript can call back into. */
public final class JsCallbacks {
    private JsCallbacks() {
    }

    @JSFunctor
    public interface StringCallback extends JSObject {
        void call(String value);
    }

    @JSFunctor
    public interface VoidCallback extends JSObject {
        void call();
    }
}
