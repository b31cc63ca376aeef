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

    @JSFunctor
    public interface ObjectCallback extends JSObject {
        void call(JSObject value);
    }

    /** A lookup's answer: whether something was found, and what (a binary string, or a key object). */
    @JSFunctor
    public interface FoundCallback extends JSObject {
        void call(boolean found, JSObject value);
    }

    @JSFunctor
    public interface FoundStringCallback extends JSObject {
        void call(boolean found, String value);
    }

    @JSFunctor
    public interface KeyPairCallback extends JSObject {
        void call(JSObject first, JSObject second, String bytes);
    }
}
