@echo off
rem PASANG.cmd - memasang Python untuk workbook SPAK_SPKP.xlsm (tombol tab SPAK-SPKP dan rumus
rem SLOVIN, KREJCIE, RESPONDEN_MINIMAL, METODE_SAMPEL) TANPA internet dan TANPA hak administrator.
rem Dibuat oleh "xl-addin bundle". Petunjuk lengkap: PANDUAN.txt di folder yang sama.
rem
rem Yang dilakukan:
rem   1. mencari Python 64-bit versi 3.11 sampai 3.14 dari python.org (peluncur py, lalu folder
rem      pemasangan biasa, lalu perintah python), bukan Python dari Microsoft Store;
rem   2. membuat lingkungan Python di %LOCALAPPDATA%\SPAK-SPKP\python (hanya untuk pengguna ini);
rem      sheet xlwings.conf di workbook menunjuk ke sana, jadi setiap salinan workbook menemukannya;
rem   3. memasang xl_addin, xlwings dan pywin32 dari folder wheels (pip --no-index);
rem   4. menjalankan tes instalasi (xl-addin selftest).
rem
rem Penggunaan: klik dua kali PASANG.cmd, atau "PASANG.cmd /diam" dari skrip (tanpa jeda di akhir).
rem Kode keluar: 0 berhasil; 2 Excel masih terbuka atau LOCALAPPDATA tidak ada;
rem 3 Python yang cocok tidak ditemukan; 4 lingkungan Python gagal dibuat;
rem 5 paket gagal dipasang; 6 tes instalasi menemukan masalah.

setlocal EnableExtensions DisableDelayedExpansion
title Pemasangan SPAK-SPKP
set "JEDA=1"
if /i "%~1"=="/diam" set "JEDA="
set "KODE=0"
set "PAKET=%~dp0"
set "RODA=%~dp0wheels"
set "CEK=%~dp0alat\cek_python.py"
rem Variabel ini membuat Python memuat file dari pemasangan lain; tidak berlaku untuk pemasangan ini.
set "PYTHONHOME="
set "PYTHONPATH="

echo ================================================================
echo  Pemasangan SPAK-SPKP: Python untuk workbook SPAK_SPKP.xlsm
echo  Tanpa internet, tanpa hak administrator. Lama: 1 sampai 3 menit.
echo ================================================================
echo.

if not defined LOCALAPPDATA (
    echo GAGAL: variabel LOCALAPPDATA tidak ada di akun Windows ini. Hubungi petugas TI.
    set "KODE=2"
    goto :gagal
)
set "TUJUAN=%LOCALAPPDATA%\SPAK-SPKP"
set "VENV=%LOCALAPPDATA%\SPAK-SPKP\python"

rem Selama Excel terbuka, rumus SLOVIN dan kawan-kawan memegang file Python yang akan diganti.
tasklist /fi "imagename eq EXCEL.EXE" 2>nul | find /i "EXCEL.EXE" >nul
if not errorlevel 1 (
    echo GAGAL: Microsoft Excel masih terbuka. Simpan pekerjaan Anda, tutup semua jendela Excel,
    echo lalu jalankan PASANG.cmd lagi.
    set "KODE=2"
    goto :gagal
)

rem File dari internet atau email diberi tanda Mark of the Web; Office lalu memblokir makronya.
dir /r "%PAKET%SPAK_SPKP.xlsm" 2>nul | find /i ":Zone.Identifier" >nul
if not errorlevel 1 (
    echo PERHATIAN: file paket ini masih diblokir Windows karena berasal dari internet atau email.
    echo Makro di SPAK_SPKP.xlsm akan diblokir Office. Sesudah pemasangan: klik kanan SPAK_SPKP.xlsm,
    echo pilih Properti, centang Buka blokir, klik OK. Lihat PANDUAN.txt bagian Buka Blokir.
    echo.
)

echo Mencari Python 64-bit versi 3.11 sampai 3.14 ...
rem PYTHON berisi perintah lengkap: py -3.13-64, atau path python.exe BESERTA tanda petiknya. Path
rem ditulis set PYTHON="..." agar karakter khusus di dalam path tetap berada di dalam petik.
set "PYTHON="
set "ALIAS_STORE="

rem 1. Peluncur py, yang terpasang bersama Python dari python.org.
where py >nul 2>&1
if errorlevel 1 goto :cari_folder
for %%V in (3.14 3.13 3.12 3.11) do (
    if not defined PYTHON (
        py -%%V-64 "%CEK%" 2>nul
        if not errorlevel 1 set "PYTHON=py -%%V-64"
    )
)

:cari_folder
rem 2. Folder pemasangan python.org: untuk pengguna ini saja, lalu untuk semua pengguna.
if defined PYTHON goto :ada_python
for %%D in ("%LOCALAPPDATA%\Programs\Python\Python314" "%LOCALAPPDATA%\Programs\Python\Python313" "%LOCALAPPDATA%\Programs\Python\Python312" "%LOCALAPPDATA%\Programs\Python\Python311" "%ProgramFiles%\Python314" "%ProgramFiles%\Python313" "%ProgramFiles%\Python312" "%ProgramFiles%\Python311") do (
    if not defined PYTHON if exist "%%~D\python.exe" (
        "%%~D\python.exe" "%CEK%"
        if not errorlevel 1 set PYTHON="%%~D\python.exe"
    )
)
if defined PYTHON goto :ada_python

rem 3. Perintah python di PATH. Di Windows 10 dan 11, "python" sering hanya alias eksekusi aplikasi
rem    yang membuka Microsoft Store (folder WindowsApps): alias itu tidak dijalankan sama sekali.
set "PYTHON_PATH="
for /f "delims=" %%P in ('where python 2^>nul') do if not defined PYTHON_PATH set "PYTHON_PATH=%%P"
if not defined PYTHON_PATH goto :tanpa_python
echo "%PYTHON_PATH%" | find /i "\WindowsApps\" >nul
if not errorlevel 1 (
    set "ALIAS_STORE=1"
    goto :tanpa_python
)
"%PYTHON_PATH%" "%CEK%"
if not errorlevel 1 set PYTHON="%PYTHON_PATH%"
if defined PYTHON goto :ada_python

:tanpa_python
echo.
echo GAGAL: Python 64-bit versi 3.11, 3.12, 3.13 atau 3.14 dari python.org tidak ditemukan.
if defined ALIAS_STORE (
    echo Perintah python di PC ini hanyalah alias Microsoft Store, bukan Python.
    echo Python dari Microsoft Store tidak digunakan oleh paket ini.
)
echo Pasang Python dari file penginstal python.org, misalnya python-3.13.x-amd64.exe dari petugas TI:
echo pilih Install Now, tidak memerlukan hak administrator. Lalu jalankan PASANG.cmd lagi.
echo Lihat PANDUAN.txt bagian Memasang Python.
where py >nul 2>&1
if not errorlevel 1 (
    echo.
    echo Python yang dikenal peluncur py di PC ini:
    py -0p
)
set "KODE=3"
goto :gagal

:ada_python
echo Python yang digunakan: %PYTHON%
echo.

echo [1/3] Membuat lingkungan Python di "%VENV%" ...
%PYTHON% -m venv --clear "%VENV%"
if errorlevel 1 (
    echo GAGAL: lingkungan Python tidak dapat dibuat di "%VENV%".
    echo Periksa ruang disk, atau apakah antivirus memblokir folder tersebut.
    set "KODE=4"
    goto :gagal
)

echo [2/3] Memasang xl_addin, xlwings dan pywin32 dari folder wheels, tanpa internet ...
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%RODA%" --requirement "%RODA%\requirements.txt" --disable-pip-version-check --no-warn-script-location --quiet
if errorlevel 1 (
    echo GAGAL: paket tidak dapat dipasang dari "%RODA%".
    echo Salin ulang seluruh isi paket zip, termasuk folder wheels, lalu jalankan PASANG.cmd lagi.
    set "KODE=5"
    goto :gagal
)

echo [3/3] Tes instalasi ...
"%VENV%\Scripts\xl-addin.exe" selftest
if errorlevel 1 (
    echo GAGAL: tes instalasi menemukan masalah; lihat baris bertanda GAGAL di atas.
    set "KODE=6"
    goto :gagal
)

echo.
echo ================================================================
echo  SELESAI. Python untuk SPAK-SPKP terpasang di:
echo  "%VENV%"
echo  Berikutnya: buka SPAK_SPKP.xlsm, klik Aktifkan Konten, lalu pada
echo  tab SPAK-SPKP klik Tes Instalasi. Lihat PANDUAN.txt.
echo ================================================================
if defined JEDA pause
exit /b 0

:gagal
echo.
echo Pemasangan BELUM selesai, kode %KODE%. Lihat PANDUAN.txt bagian Jika Ada Masalah.
if defined JEDA pause
exit /b %KODE%
