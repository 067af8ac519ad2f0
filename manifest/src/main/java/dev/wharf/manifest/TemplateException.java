package dev.wharf.manifest;

import dev.wharf.errors.WharfException;

/**
 * A new app cannot be made from a template: an unknown template, a name that makes no app id, an output directory in
 * the way or one that cannot be written. The problem is one line naming the template, name or directory.
 */
public final class TemplateException extends WharfException {
    TemplateException(String problem) {
        super(problem);
    }

    TemplateException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
