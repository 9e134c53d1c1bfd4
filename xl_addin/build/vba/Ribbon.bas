Attribute VB_Name = "Ribbon"
' Callbacks of the workbook's own ribbon tab SPAK-SPKP (customUI/customUI14.xml).
' Each button hands its work to Python through xlwings' RunPython; the Python side is
' xl_addin/ribbon.py. Only Petunjuk works without Python.
Option Explicit

Private Const PYTHON_ENTRY As String = "import xl_addin.ribbon; xl_addin.ribbon."

' A text (a path, what a clerk typed) for a Python command, as the list of its characters' UTF-16 codes:
' "[67, 58, 92, ...]". RunPython runs python -c "..." through cmd.exe, where a quote, %, ^ or & in the
' text would change the command, and a character outside the PC's code page would be lost on the way.
' xl_addin.ribbon.typed_text reads the codes back.
Private Function Codes(ByVal text As String) As String
    Dim i As Long, out As String
    For i = 1 To Len(text)
        out = out & CStr(AscW(Mid$(text, i, 1)) And &HFFFF&) & ", "
    Next i
    Codes = "[" & out & "]"
End Function

' Runs when the workbook opens with macros enabled: registers the descriptions that
' Excel's Insert Function dialog shows for SLOVIN, KREJCIE, ... (see xlwings_udfs).
Public Sub RibbonOnLoad(ribbon As IRibbonUI)
    Dim wasSaved As Boolean
    wasSaved = ThisWorkbook.Saved
    RegisterUdfDescriptions
    ThisWorkbook.Saved = wasSaved ' registering is not a change the user should be asked to save
End Sub

Public Sub RibbonHitungTarget(control As IRibbonControl)
    RunPython PYTHON_ENTRY & "fill_targets()"
End Sub

Public Sub RibbonPeriksaData(control As IRibbonControl)
    RunPython PYTHON_ENTRY & "check_data()"
End Sub

Public Sub RibbonSalinanEmail(control As IRibbonControl)
    ' The copy is made from the file on disk, so it must hold what the user sees.
    If Not ThisWorkbook.Saved Then ThisWorkbook.Save
    RunPython PYTHON_ENTRY & "export_copy()"
End Sub

Public Sub RibbonRekapKanwil(control As IRibbonControl)
    Dim folder As String
    With Application.FileDialog(4) ' msoFileDialogFolderPicker
        .Title = "Pilih folder berisi workbook kiriman satker"
        If .Show <> -1 Then Exit Sub ' cancelled
        folder = .SelectedItems(1)
    End With
    RunPython PYTHON_ENTRY & "consolidate_folder(" & Codes(folder) & ")"
End Sub

Public Sub RibbonTesInstalasi(control As IRibbonControl)
    ' Only VBA knows Office's bitness, and it decides which xlwings DLL Excel loads (see xlwings.bas).
    #If Mac Then
        RunPython PYTHON_ENTRY & "selftest()"
    #ElseIf Win64 Then
        RunPython PYTHON_ENTRY & "selftest(office_bits=64)"
    #Else
        RunPython PYTHON_ENTRY & "selftest(office_bits=32)"
    #End If
End Sub

Public Sub RibbonPetunjuk(control As IRibbonControl)
    ThisWorkbook.Worksheets("Petunjuk").Activate
End Sub

Public Sub RibbonImporSurvei(control As IRibbonControl)
    Dim picked As Variant, files As String, i As Long
    picked = Application.GetOpenFilename(FileFilter:="File ekspor survei (*.csv;*.xlsx),*.csv;*.xlsx", _
        Title:="Pilih file ekspor respons survei (boleh lebih dari satu)", MultiSelect:=True)
    If Not IsArray(picked) Then Exit Sub ' cancelled
    For i = LBound(picked) To UBound(picked)
        files = files & Codes(picked(i)) & ", "
    Next i
    RunPython PYTHON_ENTRY & "import_survey_files([" & files & "])"
End Sub

Public Sub RibbonKirimSatker(control As IRibbonControl)
    Dim folder As String
    With Application.FileDialog(4) ' msoFileDialogFolderPicker
        .Title = "Pilih folder untuk file dan draf email setiap satker"
        If .Show <> -1 Then Exit Sub ' cancelled
        folder = .SelectedItems(1)
    End With
    RunPython PYTHON_ENTRY & "send_to_satker(" & Codes(folder) & ")"
End Sub

Public Sub RibbonTerimaSatker(control As IRibbonControl)
    Dim picked As Variant, files As String, i As Long
    picked = Application.GetOpenFilename(FileFilter:="File kiriman satker (*.xlsx;*.xlsm),*.xlsx;*.xlsm", _
        Title:="Pilih file yang dikirim kembali oleh satker (boleh lebih dari satu)", MultiSelect:=True)
    If Not IsArray(picked) Then Exit Sub ' cancelled
    For i = LBound(picked) To UBound(picked)
        files = files & Codes(picked(i)) & ", "
    Next i
    RunPython PYTHON_ENTRY & "receive_from_satker([" & files & "])"
End Sub
Public Sub RibbonLaporanBulanan(control As IRibbonControl)
    Dim answer As Variant
    answer = Application.InputBox( _
        Prompt:="Bulan laporan: satu bulan target dengan tahunnya, misalnya Agustus 2024. " & _
            "Kosongkan untuk bulan target terakhir yang sudah berjalan.", _
        Title:="Laporan Bulanan", Default:=DefaultReportMonth(), Type:=2)
    If VarType(answer) = vbBoolean Then Exit Sub ' cancelled
    RunPython PYTHON_ENTRY & "monthly_report(" & Codes(CStr(answer)) & ")"
End Sub

Public Sub RibbonPeriodeBaru(control As IRibbonControl)
    Dim base As Variant, target As Variant, saveAs As Variant
    base = Application.InputBox( _
        Prompt:="Periode dasar baru (bulan dan tahun jumlah pengguna layanan), misalnya Januari–Maret 2025. " & _
            "Kosongkan untuk bulan yang sama setahun kemudian.", Title:="Periode Baru", Type:=2)
    If VarType(base) = vbBoolean Then Exit Sub ' cancelled
    target = Application.InputBox( _
        Prompt:="Periode target baru (bulan berlakunya target), misalnya Juli–Desember 2025. " & _
            "Kosongkan untuk bulan yang sama setahun kemudian.", Title:="Periode Baru", Type:=2)
    If VarType(target) = vbBoolean Then Exit Sub
    saveAs = Application.GetSaveAsFilename( _
        FileFilter:="Workbook Excel bermakro (*.xlsm),*.xlsm", Title:="Simpan workbook periode baru sebagai")
    If VarType(saveAs) = vbBoolean Then Exit Sub
    ' The new workbook is made from the file on disk, so it must hold what the user sees; this one is not changed.
    If Not ThisWorkbook.Saved Then ThisWorkbook.Save
    RunPython PYTHON_ENTRY & "new_period(" & Codes(CStr(saveAs)) & ", " & Codes(CStr(base)) & ", " & _
        Codes(CStr(target)) & ")"
End Sub

' The InputBox's default, chosen as xl_addin.report.default_month chooses it, among the months of the Realisasi
' table's columns ("SPKP Agustus 2024"): the latest that has begun today, else the first; "" when no column reads as
' a month (Python then takes the default itself). Today is the PC's date; Python uses the office's time zone.
Private Function DefaultReportMonth() As String
    Dim months As Variant, sheet As Worksheet, table As ListObject, header As Range, words() As String
    Dim m As Long, key As Long, today As Long, first As Long, latest As Long, firstText As String, latestText As String
    months = Array("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", _
        "oktober", "november", "desember")
    today = Year(Date) * 12 + Month(Date)
    On Error GoTo Done ' a workbook without the table, or a header Excel cannot read: no default
    For Each sheet In ThisWorkbook.Worksheets
        For Each table In sheet.ListObjects
            If LCase$(table.Name) = "realisasiresponden" Then
                For Each header In table.HeaderRowRange.Cells
                    words = Split(Application.WorksheetFunction.Trim(CStr(header.Value)), " ")
                    If UBound(words) = 2 Then
                        If LCase$(words(0)) = "spkp" And words(2) Like "####" Then
                            For m = 0 To 11
                                If LCase$(words(1)) = months(m) Then
                                    key = CLng(words(2)) * 12 + m + 1
                                    If first = 0 Or key < first Then first = key: firstText = words(1) & " " & words(2)
                                    If key <= today And key > latest Then latest = key: latestText = words(1) & " " & words(2)
                                End If
                            Next m
                        End If
                    End If
                Next header
            End If
        Next table
    Next sheet
Done:
    If latest > 0 Then DefaultReportMonth = latestText Else DefaultReportMonth = firstText
End Function
