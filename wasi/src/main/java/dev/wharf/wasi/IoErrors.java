package dev.wharf.wasi;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * Turns java.nio failures back into the errno the OS reported. java.nio keeps only ENOENT, EEXIST and EACCES as
 * exception types and folds everything else into FileSystemException with strerror text, so the text is matched
 * (glibc wording). wasmtime maps the raw OS errno one to one; this aims at the same numbers.
 */
final class IoErrors {
    private IoErrors() {}

    static Errno errno(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Errno.EEXIST;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Errno.ENOTEMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return Errno.ENOTDIR;
        }
        if (e instanceof NotLinkException) {
            return Errno.EINVAL; // readlink(2) on a non-symlink
        }
        if (e instanceof FileSystemLoopException) {
            return Errno.ELOOP;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES;
        }
        if (e instanceof ClosedChannelException
                || e instanceof NonReadableChannelException
                || e instanceof NonWritableChannelException) {
            return Errno.EBADF;
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (text == null) {
            return Errno.EIO;
        }
        if (text.contains("Not a directory")) {
            return Errno.ENOTDIR;
        }
        if (text.contains("Is a directory")) {
            return Errno.EISDIR;
        }
        if (text.contains("Directory not empty")) {
            return Errno.ENOTEMPTY;
        }
        if (text.contains("Too many levels of symbolic links")) {
            return Errno.ELOOP;
        }
        if (text.contains("File name too long")) {
            return Errno.ENAMETOOLONG;
        }
        if (text.contains("Operation not permitted")) {
            return Errno.EPERM;
        }
        if (text.contains("Permission denied")) {
            return Errno.EACCES;
        }
        if (text.contains("Read-only file system")) {
            return Errno.EROFS;
        }
        if (text.contains("Invalid cross-device link")) {
            return Errno.EXDEV;
        }
        if (text.contains("No space left")) {
            return Errno.ENOSPC;
        }
        if (text.contains("Disk quota exceeded")) {
            return Errno.EDQUOT;
        }
        if (text.contains("Too many links")) {
            return Errno.EMLINK;
        }
        if (text.contains("Device or resource busy")) {
            return Errno.EBUSY;
        }
        if (text.contains("File too large")) {
            return Errno.EFBIG;
        }
        if (text.contains("Text file busy")) {
            return Errno.ETXTBSY;
        }
        if (text.contains("Too many open files")) {
            return Errno.EMFILE;
        }
        if (text.contains("Broken pipe")) {
            return Errno.EPIPE;
        }
        if (text.contains("Invalid argument")) {
            return Errno.EINVAL;
        }
        if (text.contains("No such file")) {
            return Errno.ENOENT;
        }
        if (text.contains("File exists")) {
            return Errno.EEXIST;
        }
        if (text.contains("Bad file descriptor")) {
            return Errno.EBADF;
        }
        return Errno.EIO;
    }

    static WasiError wrap(IOException e) {
        return new WasiError(errno(e));
    }
}
